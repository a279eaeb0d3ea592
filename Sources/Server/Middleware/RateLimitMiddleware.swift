import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Per-client request limits: per user when authenticated, per address otherwise. Operational routes are exempt,
/// and so are the two hot playback paths, which players pace themselves and which are guarded on their own:
/// heartbeats (one Redis script per session, authenticated) and media files (HMAC token per stream). Counting
/// them would put a second Redis round trip on every segment and heartbeat.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let limiter: any RateLimiter
    let anonymous: RateLimitRule
    let authenticated: RateLimitRule
    let trustProxy: Bool
    static let exempt: Set<String> = ["/health", "/ready", "/metrics"]

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if Self.exempt.contains(path) || path.hasPrefix("/media/")
            || (path.hasPrefix("/api/v1/playback/") && path.hasSuffix("/heartbeat"))
        {
            return try await next(request, context)
        }
        let status: RateLimitStatus
        if let principal = context.principal {
            status = try await limiter.hit(key: "user:\(principal.userId.lowercasedString)", rule: authenticated)
        } else {
            status = try await limiter.hit(key: "ip:\(ClientAddress.of(request, context: context, trustProxy: trustProxy))", rule: anonymous)
        }
        guard status.allowed else { throw RateLimitExceeded(status: status) }
        var response = try await next(request, context)
        for field in RateLimitHeaders.fields(status) where response.headers[field.name] == nil {
            response.headers[field.name] = field.value
        }
        return response
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when behind a trusted proxy.
enum ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    static func of(_ request: Request, context: AppRequestContext, trustProxy: Bool) -> String {
        if trustProxy, let forwarded = request.headers[forwardedFor]?.split(separator: ",").first {
            let hop = forwarded.trimmingOWS
            if !hop.isEmpty && hop.utf8.count <= 64 { return String(hop) }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}
