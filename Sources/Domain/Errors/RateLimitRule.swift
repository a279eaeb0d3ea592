#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A named limit: so many hits per window.
public struct RateLimitRule: Sendable, Equatable {
    public var limit: Int
    public var windowSeconds: Int

    public init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }
}
