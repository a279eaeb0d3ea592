import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Makes one of the series owner's videos an episode in a season slot, or empties a slot.
public struct AttachEpisode: Sendable {
    let editor: SeriesEditor
    let series: any SeriesRepository
    let videos: any VideoRepository
    let clock: any DateProvider

    public init(users: any UserRepository, series: any SeriesRepository, videos: any VideoRepository, clock: any DateProvider) {
        self.editor = SeriesEditor(users: users, series: series, clock: clock)
        self.series = series
        self.videos = videos
        self.clock = clock
    }

    public func execute(principal: Principal, slot: EpisodeSlot, videoId: UUID) async throws -> Video {
        let (user, found) = try await editor.editable(principal, seriesId: slot.seriesId)
        try Self.check(slot)
        guard let video = try await videos.find(id: videoId) else { throw VideoError.notFound }
        // Episodes are the series owner's own videos; anyone else's is reported as not found unless visible.
        guard video.ownerId == found.ownerId else {
            throw Audience(user, now: clock.now()).access(to: video) == .hidden ? VideoError.notFound : VideoError.notOwner
        }
        try await series.attach(videoId: videoId, to: slot, at: clock.now())
        guard let attached = try await videos.find(id: videoId) else { throw VideoError.notFound }
        return attached
    }

    public func detach(principal: Principal, slot: EpisodeSlot) async throws {
        _ = try await editor.editable(principal, seriesId: slot.seriesId)
        try Self.check(slot)
        guard try await series.detach(slot, at: clock.now()) else { throw CatalogError.episodeNotFound }
    }

    static func check(_ slot: EpisodeSlot) throws(ValidationError) {
        guard (0...1000).contains(slot.seasonNumber), (1...10_000).contains(slot.episodeNumber) else {
            throw ValidationError(
                field: "episode", code: "invalid_episode_slot", message: "seasons are numbered 0 to 1000, episodes 1 to 10000")
        }
    }
}
