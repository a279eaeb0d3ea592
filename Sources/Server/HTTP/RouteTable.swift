import HTTPTypes
import Hummingbird

/// Registers routes on the router, each in the group whose middleware it needs, and keeps the list, so a test can
/// hold it against openapi.yaml.
final class RouteTable {
    struct Entry: Hashable, Sendable {
        var method: String
        /// OpenAPI style: `/api/v1/me/profiles/{id}`.
        var path: String
    }

    /// The middleware a route runs behind, beyond the router's own (request id and errors, CORS allow-list,
    /// optional authentication).
    enum Group {
        /// The per-client request limit: every API route unless it says otherwise.
        case limited
        /// No per-request limit: operational routes, and heartbeats, which the stream lease paces.
        case unlimited
        /// Public media files: no limit (the signed token is the guard), CORS open to any origin.
        case media
    }

    private let router: Router<AppRequestContext>
    private let limited: RouterGroup<AppRequestContext>
    private let media: RouterGroup<AppRequestContext>
    private(set) var entries: [Entry] = []

    init(router: Router<AppRequestContext>, limiter: RateLimitMiddleware) {
        self.router = router
        limited = router.group().add(middleware: limiter)
        media = router.group().add(middleware: MediaCORSMiddleware())
    }

    /// Adds a route; `path` uses Hummingbird's `:name` parameters.
    func add(
        _ method: HTTPRequest.Method, _ path: String, in group: Group = .limited,
        _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator
    ) {
        switch group {
        case .limited: limited.on(RouterPath(path), method: method, use: handler)
        case .unlimited: router.on(RouterPath(path), method: method, use: handler)
        case .media: media.on(RouterPath(path), method: method, use: handler)
        }
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
        entries.append(Entry(method: method.rawValue.lowercased(), path: openAPIPath))
    }
}
