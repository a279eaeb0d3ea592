#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable store of series, their seasons and which videos are their episodes.
public protocol SeriesRepository: Sendable {
    /// Adds a series.
    func create(_ series: Series) async throws
    /// A series by id.
    func find(id: UUID) async throws -> Series?
    /// Atomically changes a series; nil when there is none.
    func update(id: UUID, _ change: @Sendable (inout Series) throws -> Void) async throws -> Series?
    /// Deletes a series; its episodes become clips again. False when there was none.
    func delete(id: UUID, at date: Date) async throws -> Bool
    /// Adds a season; `CatalogError.seasonExists` when the number is taken.
    func addSeason(seriesId: UUID, number: Int, title: String, at date: Date) async throws
    /// Makes `videoId` the episode in `slot` (its kind becomes `episode`). `CatalogError.seasonNotFound`,
    /// `.episodeSlotTaken` or `.alreadyEpisode` when it cannot be.
    func attach(videoId: UUID, to slot: EpisodeSlot, at date: Date) async throws
    /// Empties a slot (its video becomes a clip again); false when it held nothing.
    func detach(_ slot: EpisodeSlot, at date: Date) async throws -> Bool
    /// The seasons in order with their episodes in order: all of them (`audience` nil, for the owner) or those
    /// listed for `audience`.
    func seasons(seriesId: UUID, audience: Audience?) async throws -> [Season]
    /// Whether the series is listed for `audience` (one of its episodes is, and its rating is within the limit).
    func isListed(id: UUID, audience: Audience) async throws -> Bool
    /// The episode after `slot` listed for `audience`: the next in the season, else the first of a later season.
    func nextEpisode(after slot: EpisodeSlot, audience: Audience) async throws -> UUID?
}
