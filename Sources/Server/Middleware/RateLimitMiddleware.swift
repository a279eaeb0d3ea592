import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Per-client request limits: per user when authenticated, per address otherwise. It guards the routes of
/// `RouteTable.Group.limited`; operational routes, heartbeats (paced by the stream lease, one Redis script per
/// session) and media files (guarded by a signed token per stream) are registered outside it, since counting them
/// would put a second Redis round trip on every heartbeat and segment.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let limiter: any RateLimiter
    let anonymous: RateLimitRule
    let authenticated: RateLimitRule
    let trustProxy: Bool

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let status: RateLimitStatus
        if let principal = context.principal {
            status = try await limiter.hit(key: "user:\(principal.userId.lowercasedString)", rule: authenticated)
        } else {
            status = try await limiter.hit(
                key: "ip:\(ClientAddress.of(request, context: context, trustProxy: trustProxy))", rule: anonymous)
        }
        guard status.allowed else { throw RateLimitExceeded(status: status) }
        var response = try await next(request, context)
        for field in RateLimitHeaders.fields(status) where response.headers[field.name] == nil {
            response.headers[field.name] = field.value
        }
        return response
    }
}
