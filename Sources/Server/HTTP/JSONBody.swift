import Domain
import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON request body with the checks every endpoint needs: media type (415), size (413) and
/// decoding errors turned into messages that name the field (400).
/// One decoder for every request body: it holds no per-decode state, and making one per request was an allocation
/// on every heartbeat.
private let jsonDecoder = JSONDecoder()

extension Request {
    func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        try Self.decode(T.self, from: try await jsonBody(limit: limit))
    }

    /// The body of a JSON request: media type (415) and size (413) checked.
    private func jsonBody(limit: Int) async throws -> ByteBuffer {
        guard Self.isJSON(contentType: headers[.contentType]) else { throw RequestError.unsupportedMediaType }
        if let declared = headers[.contentLength].flatMap(Int.init), declared > limit {
            throw RequestError.payloadTooLarge(limit: limit)
        }
        var request = self
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw RequestError.payloadTooLarge(limit: limit)
        }
    }

    /// `application/json` or `application/*+json`, parameters ignored.
    /// Compares bytes (ASCII case-insensitively) without copying the header: it is read on every JSON request.
    static func isJSON(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let whole = contentType[...].utf8
        let media = whole[..<(whole.firstIndex(of: UInt8(ascii: ";")) ?? whole.endIndex)].trimmingOWS
        if media.equalsIgnoringASCIICase("application/json") { return true }
        let prefix = "application/".utf8.count
        let suffix = "+json".utf8.count
        guard media.count >= prefix + suffix else { return false }
        return media.prefix(prefix).equalsIgnoringASCIICase("application/") && media.suffix(suffix).equalsIgnoringASCIICase("+json")
    }

    private static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try jsonDecoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.requestError(error)
        } catch let error as RequestError {
            throw error
        } catch {
            throw RequestError.malformedJSON
        }
    }

    static func requestError(_ error: DecodingError) -> RequestError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .invalidBody(field: field, message: "\(field) is required")
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            if context.codingPath.isEmpty { return .invalidBody(field: "", message: "the body must be a JSON object") }
            return .invalidBody(field: field, message: "\(field) must be \(describe(type))")
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .invalidBody(field: field, message: "\(field) must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .malformedJSON }
            let field = path(context.codingPath)
            return .invalidBody(field: field, message: "\(field) has an invalid value")
        @unknown default:
            return .malformedJSON
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "a string"
        case is Bool.Type, is Bool?.Type: "a boolean"
        case is Int.Type, is Int?.Type, is Double.Type: "a number"
        default: "of a different type"
        }
    }
}

extension Request {
    /// An optional integer query parameter; 400 when present but not an integer.
    func queryInt(_ name: String) throws -> Int? {
        guard let raw = uri.queryParameters.get(name) else { return nil }
        guard let value = Int(String(raw)) else {
            throw RequestError.invalidParameter(name: name, message: "\(name) must be a whole number")
        }
        return value
    }

    /// An optional string query parameter.
    func queryString(_ name: String) -> String? {
        uri.queryParameters.get(name)
    }
}

extension AppRequestContext {
    /// A UUID path parameter; a malformed one is a 404 (it cannot name anything).
    func uuidParameter(_ name: String, notFound: any Error) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(text: raw) else { throw notFound }
        return id
    }
}
