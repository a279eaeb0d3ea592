import HTTPTypes
import Hummingbird

/// CORS for an allow-list of origins: allowed origins are echoed back (with `Vary: Origin`), preflights are
/// answered here, and other origins get no CORS headers (so browsers block them).
struct CORSAllowListMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let allowedOrigins: Set<String>
    static let allowMethods = "GET, POST, PATCH, PUT, DELETE, HEAD, OPTIONS"
    static let allowHeaders =
        "Authorization, Content-Type, X-Request-Id, Upload-Offset, Upload-Length, Upload-Metadata, Tus-Resumable, Range, If-None-Match"
    static let exposeHeaders =
        "X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Location, Content-Length, Content-Range, Accept-Ranges, ETag, Upload-Offset, Upload-Length, Upload-Expires, Tus-Resumable"

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin], Self.allows(origin, in: allowedOrigins)
        else { return try await next(request, context) }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = Self.headers(origin: origin)
            headers[.accessControlAllowMethods] = Self.allowMethods
            headers[.accessControlAllowHeaders] = Self.allowHeaders
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = RequestLifecycleMiddleware.errorResponse(error, request: request, context: context)
        }
        for field in Self.responseFields(origin: origin) { response.headers[field.name] = field.value }
        return response
    }

    static func allows(_ origin: String, in allowedOrigins: Set<String>) -> Bool {
        allowedOrigins.contains(origin) || allowedOrigins.contains("*")
    }

    /// The CORS fields of a response to an allowed origin's (non-preflight) request.
    static func responseFields(origin: String) -> HTTPFields {
        var fields = headers(origin: origin)
        fields[.accessControlExposeHeaders] = exposeHeaders
        return fields
    }

    static func headers(origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin", .accessControlAllowCredentials: "true"]
    }
}
