#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One stream: a device of an account playing a video for a profile. Durable; its lease lives in the lease store.
public struct PlaybackSession: Sendable, Equatable {
    public var id: UUID
    public var userId: UUID
    public var profileId: UUID
    public var videoId: UUID
    /// The video's title (filled by reads that join it).
    public var videoTitle: String?
    public var deviceId: String
    public var deviceName: String
    public var maxHeight: Int?
    public var startedAt: Date
    public var lastHeartbeatAt: Date
    public var leaseExpiresAt: Date
    public var endedAt: Date?
    public var endReason: SessionEndReason?
    public var positionSeconds: Double
    public var watchedSeconds: Double

    public init(
        id: UUID, userId: UUID, profileId: UUID, videoId: UUID, videoTitle: String? = nil, deviceId: String, deviceName: String,
        maxHeight: Int?, startedAt: Date, lastHeartbeatAt: Date, leaseExpiresAt: Date, endedAt: Date? = nil,
        endReason: SessionEndReason? = nil, positionSeconds: Double = 0, watchedSeconds: Double = 0
    ) {
        self.id = id
        self.userId = userId
        self.profileId = profileId
        self.videoId = videoId
        self.videoTitle = videoTitle
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.maxHeight = maxHeight
        self.startedAt = startedAt
        self.lastHeartbeatAt = lastHeartbeatAt
        self.leaseExpiresAt = leaseExpiresAt
        self.endedAt = endedAt
        self.endReason = endReason
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
    }

    public var isOpen: Bool { endedAt == nil }
}
