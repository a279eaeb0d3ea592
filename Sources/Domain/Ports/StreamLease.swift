#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The lease of one stream as the lease store keeps it.
public struct StreamLease: Sendable, Equatable {
    public var sessionId: UUID
    public var userId: UUID
    public var videoId: UUID
    public var deviceId: String
    public var expiresAt: Date
    public var positionSeconds: Double
    public var watchedSeconds: Double

    public init(
        sessionId: UUID, userId: UUID, videoId: UUID, deviceId: String, expiresAt: Date, positionSeconds: Double = 0,
        watchedSeconds: Double = 0
    ) {
        self.sessionId = sessionId
        self.userId = userId
        self.videoId = videoId
        self.deviceId = deviceId
        self.expiresAt = expiresAt
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
    }
}
