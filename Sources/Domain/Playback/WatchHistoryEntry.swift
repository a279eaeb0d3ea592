#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A profile's progress in one video.
public struct WatchHistoryEntry: Sendable, Equatable {
    public var profileId: UUID
    public var videoId: UUID
    public var videoTitle: String
    public var durationSeconds: Double?
    public var positionSeconds: Double
    public var watchedSeconds: Double
    public var completed: Bool
    public var lastWatchedAt: Date

    public init(
        profileId: UUID, videoId: UUID, videoTitle: String, durationSeconds: Double?, positionSeconds: Double, watchedSeconds: Double,
        completed: Bool, lastWatchedAt: Date
    ) {
        self.profileId = profileId
        self.videoId = videoId
        self.videoTitle = videoTitle
        self.durationSeconds = durationSeconds
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
        self.completed = completed
        self.lastWatchedAt = lastWatchedAt
    }

    /// A video counts as watched once the position reaches this share of its duration.
    public static let completionShare = 0.95
}
