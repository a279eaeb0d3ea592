#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The state of one rate-limit window after a hit.
public struct RateLimitStatus: Sendable, Equatable {
    public var limit: Int
    public var remaining: Int
    /// Seconds until the window resets.
    public var resetSeconds: Int
    public var allowed: Bool

    public init(limit: Int, remaining: Int, resetSeconds: Int, allowed: Bool) {
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
        self.allowed = allowed
    }
}
