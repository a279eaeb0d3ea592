import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A video as one viewer sees it: whether they may watch it here and now, and the episode that follows it.
public struct VideoView: Sendable {
    public var video: Video
    /// Nil when available to this viewer.
    public var unavailableReason: UnavailableReason?
    /// For an episode: the next one this viewer may see (next in the season, else the first of a later season).
    public var nextEpisodeId: UUID?

    public init(video: Video, unavailableReason: UnavailableReason? = nil, nextEpisodeId: UUID? = nil) {
        self.video = video
        self.unavailableReason = unavailableReason
        self.nextEpisodeId = nextEpisodeId
    }
}
