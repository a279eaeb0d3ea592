import HTTPTypes
import Hummingbird

/// CORS of media files: open to every origin (the signed token in the URL is the credential, never a cookie), on
/// every answer including refusals, so a web player on another origin reads why a request failed; preflights
/// answered; the fields a player needs for ranges and revalidation exposed.
struct MediaCORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let allowMethods = "GET, HEAD, OPTIONS"
    static let allowHeaders = "Range, If-None-Match, X-Request-Id"
    static let exposeHeaders = "Content-Length, Content-Range, Accept-Ranges, ETag, X-Request-Id"
    static let maxAge = "86400"

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        if request.method == .options {
            var headers = HTTPFields()
            headers[.accessControlAllowOrigin] = "*"
            headers[.accessControlAllowMethods] = Self.allowMethods
            headers[.accessControlAllowHeaders] = Self.allowHeaders
            headers[.accessControlMaxAge] = Self.maxAge
            return Response(status: .noContent, headers: headers)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = RequestLifecycleMiddleware.errorResponse(error, request: request, context: context)
        }
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = Self.exposeHeaders
        return response
    }
}
