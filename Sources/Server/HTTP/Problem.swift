import Foundation
import HTTPTypes
import Hummingbird

/// An RFC 9457 problem document with zviewer's stable machine-readable `code` and the request id.
struct Problem: Error, Sendable {
    struct FieldError: Codable, Sendable, Equatable {
        var field: String
        var message: String
    }

    var status: HTTPResponse.Status
    var code: String
    var title: String
    var detail: String?
    var errors: [FieldError]?
    /// Extra members for specific problems (for example the readiness checks).
    var extensions: [String: String]?
    var headers: HTTPFields = [:]
    /// The account's live streams (`concurrent_stream_limit`), so a client can offer to stop one.
    var activeStreams: [StreamResponse]?

    init(
        _ status: HTTPResponse.Status, code: String, title: String, detail: String? = nil,
        errors: [FieldError]? = nil, extensions: [String: String]? = nil, headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.extensions = extensions
        self.headers = headers
    }

    private struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String?
        var instance: String
        var code: String
        var requestId: String
        var errors: [FieldError]?
        var checks: [String: String]?
        var activeStreams: [StreamResponse]?
    }

    func response(instance: String, requestId: String) -> Response {
        let (headers, body) = encoded(instance: instance, requestId: requestId)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The response's header fields and body bytes.
    private func encoded(instance: String, requestId: String) -> (HTTPFields, ByteBuffer) {
        let body = Body(
            type: "urn:zviewer:problem:\(code)", title: title, status: status.code, detail: detail, instance: instance,
            code: code, requestId: requestId, errors: errors, checks: extensions, activeStreams: activeStreams)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"code":"internal_error","status":500}"#.utf8)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return (headers, ByteBuffer(bytes: data))
    }
}
