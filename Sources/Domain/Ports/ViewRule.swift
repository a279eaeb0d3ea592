#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When heartbeats make a view: after `afterSeconds` watched in a session, at most once per account and video
/// per `windowSeconds`.
public struct ViewRule: Sendable, Equatable {
    public var afterSeconds: Double
    public var windowSeconds: Int

    public init(afterSeconds: Double = 10, windowSeconds: Int = 3600) {
        self.afterSeconds = afterSeconds
        self.windowSeconds = windowSeconds
    }
}
