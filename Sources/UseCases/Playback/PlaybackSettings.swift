import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Timings of playback sessions.
public struct PlaybackSettings: Sendable {
    /// How often players heartbeat (seconds).
    public var heartbeatInterval: Double
    /// A lease survives this many missed heartbeats.
    public var missedHeartbeats: Int
    /// Shortest lifetime of a media token (a long video gets twice its duration).
    public var tokenLifetime: Double
    public var view: ViewRule

    public init(heartbeatInterval: Double = 30, missedHeartbeats: Int = 3, tokenLifetime: Double = 4 * 3600, view: ViewRule = ViewRule()) {
        self.heartbeatInterval = heartbeatInterval
        self.missedHeartbeats = missedHeartbeats
        self.tokenLifetime = tokenLifetime
        self.view = view
    }

    /// How long a lease lives after a heartbeat.
    public var leaseSeconds: Double { heartbeatInterval * Double(missedHeartbeats) }

    public func leaseExpiry(after now: Date) -> Date { now.addingTimeInterval(leaseSeconds) }
}
