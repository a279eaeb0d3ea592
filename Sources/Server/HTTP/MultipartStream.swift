import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A streaming `multipart/form-data` reader (RFC 7578) over a request body, on multipart-kit's parser: parts are
/// read one at a time and a part's body is handed out in chunks as it arrives, so a file of any size passes through
/// in bounded memory (what one request chunk holds).
actor MultipartStream {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var contentType: String?
    }

    /// Bytes a preamble and a part's headers may take together (the parser holds a header while it arrives).
    static let maximumHeaderBytes = 64 << 10

    /// What the parser reported, in order, not yet consumed.
    private final class Events {
        enum Event {
            case header(String, String)
            case body(ByteBuffer)
            case partComplete
        }
        var queue = CircularBuffer<Event>()
    }

    private let parser: MultipartParser
    private let events = Events()
    private var source: RequestBody.AsyncIterator
    private var sourceDone = false
    /// The current part's headers have been read and its body not yet finished.
    private var inBody = false
    /// Bytes fed to the parser since it last reported body bytes or the end of a part.
    private var bytesOutsideBodies = 0
    /// Parts seen so far.
    private var parts = 0

    init(body: RequestBody, boundary: String) {
        source = body.makeAsyncIterator()
        parser = MultipartParser(boundary: boundary)
        let events = self.events
        parser.onHeader = { events.queue.append(.header($0, $1)) }
        parser.onBody = { events.queue.append(.body($0)) }
        parser.onPartComplete = { events.queue.append(.partComplete) }
    }

    /// The boundary of a `multipart/form-data` content type, or nil when the type is something else.
    static func boundary(contentType: String?) throws -> String? {
        guard let contentType else { return nil }
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            var value = parameter.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            guard (1...70).contains(value.utf8.count) else { throw RequestError.malformedMultipart("bad boundary") }
            return String(value)
        }
        throw RequestError.malformedMultipart("the content type has no boundary")
    }

    /// Moves to the next part (skipping what is left of the current one); nil after the last part.
    func nextPart() async throws -> Part? {
        while inBody { _ = try await nextChunk() }
        var part = Part(name: "", filename: nil, contentType: nil)
        var sawHeaders = false
        while true {
            guard let event = events.queue.first else {
                guard try await fill() else {
                    if sawHeaders { throw RequestError.malformedMultipart("the body ended inside part headers") }
                    if parts == 0 { throw RequestError.malformedMultipart("no boundary found") }
                    return nil
                }
                continue
            }
            switch event {
            case .header(let name, let value):
                events.queue.removeFirst()
                sawHeaders = true
                switch name.lowercased() {
                case "content-disposition":
                    let parameters = Self.dispositionParameters(value)
                    part.name = parameters["name"] ?? ""
                    part.filename = parameters["filename"]
                case "content-type":
                    part.contentType = value
                default:
                    break
                }
            case .body, .partComplete:
                // The part's body starts here (an empty one ends at once): left for `nextChunk`.
                inBody = true
                parts += 1
                return part
            }
        }
    }

    /// The next chunk of the current part's body; nil at its end.
    func nextChunk() async throws -> ByteBuffer? {
        guard inBody else { return nil }
        while true {
            guard let event = events.queue.first else {
                guard try await fill() else { throw RequestError.malformedMultipart("the body ended inside a part") }
                continue
            }
            events.queue.removeFirst()
            switch event {
            case .body(var chunk):
                // The parser cuts a body at every CR; hand out what is queued as one buffer.
                while case .body(var more) = events.queue.first {
                    events.queue.removeFirst()
                    chunk.writeBuffer(&more)
                }
                return chunk
            case .partComplete:
                inBody = false
                return nil
            case .header:
                throw RequestError.malformedMultipart("unexpected part header")
            }
        }
    }

    /// `form-data; name="file"; filename="a b.mp4"` -> [name: file, filename: a b.mp4].
    static func dispositionParameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop(while: { $0 == " " || $0 == "\t" })
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        parsed.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        parsed.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            result[key] = parsed
        }
        return result
    }

    /// Feeds the parser the next chunk of the request body; false when the body has ended.
    private func fill() async throws -> Bool {
        guard !sourceDone else { return false }
        // An actor's stored property cannot be mutated across a suspension: take the iterator out and put it back
        // (one consumer drives this stream, so nothing else touches it meanwhile).
        var iterator = source
        let next = try await iterator.next(isolation: self)
        source = iterator
        guard let chunk = next else {
            sourceDone = true
            return false
        }
        let queued = events.queue.count
        do {
            try parser.execute(chunk)
        } catch {
            throw RequestError.malformedMultipart("bad part header or boundary")
        }
        let reportedBodies = events.queue.dropFirst(queued).contains {
            if case .header = $0 { return false } else { return true }
        }
        bytesOutsideBodies = reportedBodies ? 0 : bytesOutsideBodies + chunk.readableBytes
        guard bytesOutsideBodies <= Self.maximumHeaderBytes + chunk.readableBytes else {
            throw RequestError.malformedMultipart("no part starts within \(Self.maximumHeaderBytes) bytes")
        }
        return true
    }
}
