#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a heartbeat reports; buffered in memory and recorded in batches.
public struct PlaybackProgress: Sendable, Equatable {
    public var sessionId: UUID
    public var positionSeconds: Double
    /// Seconds watched since the previous heartbeat (position advance, capped by the wall time between them).
    public var watchedSeconds: Double
    public var at: Date
    public var leaseExpiresAt: Date
    public var rendition: String?
    public var bufferSeconds: Double?
    public var bitrate: Int64?

    public init(
        sessionId: UUID, positionSeconds: Double, watchedSeconds: Double, at: Date, leaseExpiresAt: Date, rendition: String? = nil,
        bufferSeconds: Double? = nil, bitrate: Int64? = nil
    ) {
        self.sessionId = sessionId
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
        self.at = at
        self.leaseExpiresAt = leaseExpiresAt
        self.rendition = rendition
        self.bufferSeconds = bufferSeconds
        self.bitrate = bitrate
    }

    /// This report merged after an earlier one of the same session (watched time adds up, the rest is the latest).
    public func merged(after earlier: PlaybackProgress) -> PlaybackProgress {
        var merged = at >= earlier.at ? self : earlier
        merged.watchedSeconds = watchedSeconds + earlier.watchedSeconds
        return merged
    }
}
