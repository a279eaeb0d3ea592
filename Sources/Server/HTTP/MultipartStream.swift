import Foundation
import Hummingbird
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming `multipart/form-data` reader (RFC 7578) over a request body: parts are read one at a time and a
/// part's body is handed out in chunks as it arrives, so a file of any size passes through in bounded memory.
///
/// Not multipart-kit's parser: its 4.7.1 (the version at hand) indexes a 128-entry table with every byte of a part
/// header name, so one request with a non-ASCII byte there traps the whole server (found by the schemathesis run;
/// `VideoHTTPTests` sends that request).
actor MultipartStream {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var contentType: String?
    }

    static let maximumHeaderBytes = 16 << 10

    private enum State { case preamble, headers, body, finished }

    private var source: RequestBody.AsyncIterator
    private var buffer = ByteBuffer()
    private var state = State.preamble
    private var sourceDone = false
    /// `\r\n--boundary`: what ends a part's body.
    private let delimiter: [UInt8]

    init(body: RequestBody, boundary: String) {
        self.source = body.makeAsyncIterator()
        self.delimiter = Array("\r\n--\(boundary)".utf8)
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
        while state == .body { _ = try await nextChunk() }
        if state == .preamble {
            // Nothing is read yet. The body usually starts with `--boundary` itself: a CRLF in front lets one
            // delimiter search serve both that and a preamble.
            buffer = ByteBuffer(bytes: [13, 10])
            try await skipThroughDelimiter()
        }
        guard state == .headers else { return nil }
        return try await readHeaders()
    }

    /// The next chunk of the current part's body; nil at its end.
    func nextChunk() async throws -> ByteBuffer? {
        guard state == .body else { return nil }
        while true {
            if let index = firstDelimiter() {
                if index > 0 { return buffer.readSlice(length: index) }
                buffer.moveReaderIndex(forwardBy: delimiter.count)
                try await afterDelimiter()
                return nil
            }
            // Keep what could be the start of a delimiter; hand out the rest.
            let safe = buffer.readableBytes - (delimiter.count - 1)
            if safe > 0 { return buffer.readSlice(length: safe) }
            guard try await fill() else { throw RequestError.malformedMultipart("the body ended inside a part") }
        }
    }

    private func skipThroughDelimiter() async throws {
        while true {
            if let index = firstDelimiter() {
                buffer.moveReaderIndex(forwardBy: index + delimiter.count)
                try await afterDelimiter()
                return
            }
            let keep = delimiter.count - 1
            if buffer.readableBytes > keep { buffer.moveReaderIndex(forwardBy: buffer.readableBytes - keep) }
            guard try await fill() else { throw RequestError.malformedMultipart("no boundary found") }
        }
    }

    /// After a delimiter: `--` closes the body, otherwise optional whitespace and CRLF start the next part.
    private func afterDelimiter() async throws {
        while buffer.readableBytes < 2 {
            guard try await fill() else { throw RequestError.malformedMultipart("the body ended after a boundary") }
        }
        let next = buffer.getBytes(at: buffer.readerIndex, length: 2) ?? []
        if next == [45, 45] {
            state = .finished
            buffer.clear()
            return
        }
        while true {
            let view = buffer.readableBytesView
            if let crlf = view.firstRange(of: [13, 10]) {
                let padding = view[view.startIndex..<crlf.lowerBound]
                guard padding.allSatisfy({ $0 == 32 || $0 == 9 }) else {
                    throw RequestError.malformedMultipart("unexpected bytes after a boundary")
                }
                buffer.moveReaderIndex(to: crlf.upperBound)
                state = .headers
                return
            }
            guard buffer.readableBytes < 256, try await fill() else {
                throw RequestError.malformedMultipart("unexpected bytes after a boundary")
            }
        }
    }

    private func readHeaders() async throws -> Part {
        var end: Range<Int>?
        while true {
            end = buffer.readableBytesView.firstRange(of: [13, 10, 13, 10])
            if end != nil { break }
            // A part without headers starts straight with CRLF.
            if buffer.readableBytesView.starts(with: [13, 10]) {
                end = buffer.readerIndex..<(buffer.readerIndex + 2)
                break
            }
            guard buffer.readableBytes <= Self.maximumHeaderBytes else {
                throw RequestError.malformedMultipart("part headers are too long")
            }
            guard try await fill() else { throw RequestError.malformedMultipart("the body ended inside part headers") }
        }
        let range = end!
        let text = buffer.getString(at: buffer.readerIndex, length: range.lowerBound - buffer.readerIndex) ?? ""
        buffer.moveReaderIndex(to: range.upperBound)
        state = .body
        var part = Part(name: "", filename: nil, contentType: nil)
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw RequestError.malformedMultipart("bad part header") }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw RequestError.malformedMultipart("bad part header") }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-disposition" {
                let parameters = Self.dispositionParameters(value)
                part.name = parameters["name"] ?? ""
                part.filename = parameters["filename"]
            } else if name == "content-type" {
                part.contentType = value
            }
        }
        return part
    }

    /// A header name's bytes: RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
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

    /// Index (relative to the reader index) of the first delimiter in the buffer, found with memchr on `\r`.
    private func firstDelimiter() -> Int? {
        let delimiter = self.delimiter
        return buffer.withUnsafeReadableBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            while offset + delimiter.count <= raw.count {
                guard let hit = memchr(base + offset, 13, raw.count - offset - delimiter.count + 1) else { return nil }
                let index = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + index, delimiter, delimiter.count) == 0 { return index }
                offset = index + 1
            }
            return nil
        }
    }

    private func fill() async throws -> Bool {
        guard !sourceDone else { return false }
        // An actor's stored property cannot be mutated across a suspension: take the iterator out and put it back
        // (one consumer drives this stream, so nothing else touches it meanwhile).
        var iterator = source
        let next = try await iterator.next(isolation: self)
        source = iterator
        guard var chunk = next else {
            sourceDone = true
            return false
        }
        if buffer.readableBytes == 0 {
            buffer = chunk
        } else {
            buffer.discardReadBytes()
            buffer.writeBuffer(&chunk)
        }
        return true
    }
}
