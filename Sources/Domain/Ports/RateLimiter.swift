#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Counts hits against fixed windows shared by every replica.
public protocol RateLimiter: Sendable {
    /// Records one hit on `key` and says whether it is within `rule`.
    func hit(key: String, rule: RateLimitRule) async throws -> RateLimitStatus
}
