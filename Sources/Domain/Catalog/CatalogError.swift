#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Refusals of catalog changes and lookups.
public enum CatalogError: Error, Sendable, Equatable {
    case unknownGenre(String)
    case seriesNotFound
    case seasonNotFound(Int)
    case seasonExists(Int)
    /// The season/episode slot already holds a video.
    case episodeSlotTaken
    /// The video is already an episode (of this or another series).
    case alreadyEpisode
    case episodeNotFound
    case handleTaken
    case channelNotFound
    /// `kind` cannot be set to `episode` (attach the video to a series) nor changed on an episode.
    case kindLocked
}
