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
