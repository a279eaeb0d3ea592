/// Problems with the HTTP request itself, found before any use case runs.
enum RequestError: Error, Sendable, Equatable {
    case malformedJSON
    case invalidBody(field: String, message: String)
    case unsupportedMediaType
    case payloadTooLarge(limit: Int)
    case invalidParameter(name: String, message: String)
}
