import HTTPTypes
import Hummingbird

/// Registers routes on the router and keeps the list, so a test can hold it against openapi.yaml.
final class RouteTable {
    struct Entry: Hashable, Sendable {
        var method: String
        /// OpenAPI style: `/api/v1/me/profiles/{id}`.
        var path: String
    }

    let router: Router<AppRequestContext>
    private(set) var entries: [Entry] = []

    init(router: Router<AppRequestContext>) {
        self.router = router
    }

    /// Adds a route; `path` uses Hummingbird's `:name` parameters.
    func add(
        _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
        entries.append(Entry(method: method.rawValue.lowercased(), path: openAPIPath))
    }
}
