import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The limit on credential attempts (login and register) per client address and email.
public struct AuthRateLimits: Sendable {
    let limiter: any RateLimiter
    let rule: RateLimitRule

    public init(limiter: any RateLimiter, rule: RateLimitRule) {
        self.limiter = limiter
        self.rule = rule
    }

    /// Counts one attempt; throws `RateLimitExceeded` once over the limit.
    func check(action: String, clientAddress: String, email: String) async throws {
        let status = try await limiter.hit(key: "auth:\(action):\(clientAddress):\(email)", rule: rule)
        if !status.allowed { throw RateLimitExceeded(status: status) }
    }
}
