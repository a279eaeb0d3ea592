/// Problems with the HTTP request itself, found before any use case runs.
enum RequestError: Error, Sendable, Equatable {
    case malformedJSON
    case invalidBody(field: String, message: String)
    case unsupportedMediaType
    /// The body must be of this media type.
    case expectedMediaType(String)
    case payloadTooLarge(limit: Int)
    case invalidParameter(name: String, message: String)
}

extension RequestError {
    static func malformedMultipart(_ message: String) -> RequestError {
        .invalidBody(field: "", message: "malformed multipart body: \(message)")
    }
}
