#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A caller went over a rate limit.
public struct RateLimitExceeded: Error, Sendable, Equatable {
    public var status: RateLimitStatus

    public init(status: RateLimitStatus) {
        self.status = status
    }
}

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

/// A named limit: so many hits per window.
public struct RateLimitRule: Sendable, Equatable {
    public var limit: Int
    public var windowSeconds: Int

    public init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }
}
