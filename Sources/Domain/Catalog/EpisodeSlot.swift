#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a video sits in a series.
public struct EpisodeSlot: Sendable, Equatable {
    public var seriesId: UUID
    public var seasonNumber: Int
    public var episodeNumber: Int

    public init(seriesId: UUID, seasonNumber: Int, episodeNumber: Int) {
        self.seriesId = seriesId
        self.seasonNumber = seasonNumber
        self.episodeNumber = episodeNumber
    }
}
