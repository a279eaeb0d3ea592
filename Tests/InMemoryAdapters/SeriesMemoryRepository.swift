import Domain
import Foundation

/// In-memory `SeriesRepository`; episodes live on the videos of a `VideoMemoryRepository`, the audience rule is
/// the Domain's.
public actor SeriesMemoryRepository: SeriesRepository {
    private var series: [UUID: Series] = [:]
    private var seasonTitles: [UUID: [Int: String]] = [:]
    let videos: VideoMemoryRepository

    public init(videos: VideoMemoryRepository) { self.videos = videos }

    public func create(_ series: Series) async throws { self.series[series.id] = series }

    public func find(id: UUID) async throws -> Series? {
        guard var found = series[id] else { return nil }
        let episodes = await videos.all().filter { $0.catalog.episode?.seriesId == id }
        found.episodeMaturity = episodes.map(\.catalog.maturity).max() ?? .all
        found.viewCount = episodes.reduce(0) { $0 + $1.viewCount }
        return found
    }

    public func all() async throws -> [Series] {
        var all: [Series] = []
        for id in series.keys { if let found = try await find(id: id) { all.append(found) } }
        return all
    }

    public func update(id: UUID, _ change: @Sendable (inout Series) throws -> Void) async throws -> Series? {
        guard var found = try await find(id: id) else { return nil }
        try change(&found)
        series[id] = found
        return found
    }

    public func delete(id: UUID, at date: Date) async throws -> Bool {
        guard series.removeValue(forKey: id) != nil else { return false }
        for video in await videos.all() where video.catalog.episode?.seriesId == id {
            _ = try await videos.update(id: video.id) { video in
                video.catalog.episode = nil
                video.catalog.kind = .clip
            }
        }
        seasonTitles[id] = nil
        return true
    }

    public func addSeason(seriesId: UUID, number: Int, title: String, at date: Date) async throws {
        guard seasonTitles[seriesId]?[number] == nil else { throw CatalogError.seasonExists(number) }
        seasonTitles[seriesId, default: [:]][number] = title
    }

    public func attach(videoId: UUID, to slot: EpisodeSlot, at date: Date) async throws {
        guard let video = try await videos.find(id: videoId) else { throw VideoError.notFound }
        guard video.catalog.episode == nil else { throw CatalogError.alreadyEpisode }
        guard seasonTitles[slot.seriesId]?[slot.seasonNumber] != nil else { throw CatalogError.seasonNotFound(slot.seasonNumber) }
        guard await !videos.all().contains(where: { $0.catalog.episode == slot }) else { throw CatalogError.episodeSlotTaken }
        _ = try await videos.update(id: videoId) { video in
            video.catalog.episode = slot
            video.catalog.kind = .episode
        }
    }

    public func detach(_ slot: EpisodeSlot, at date: Date) async throws -> Bool {
        guard let video = await videos.all().first(where: { $0.catalog.episode == slot }) else { return false }
        _ = try await videos.update(id: video.id) { video in
            video.catalog.episode = nil
            video.catalog.kind = .clip
        }
        return true
    }

    public func seasons(seriesId: UUID, audience: Audience?) async throws -> [Season] {
        let episodes = await videos.all()
            .filter { $0.catalog.episode?.seriesId == seriesId && (audience?.isListed($0) ?? true) }
        return (seasonTitles[seriesId] ?? [:]).sorted { $0.key < $1.key }.map { number, title in
            Season(
                number: number, title: title,
                episodes: episodes.compactMap { video in
                    guard let slot = video.catalog.episode, slot.seasonNumber == number else { return nil }
                    return Episode(number: slot.episodeNumber, video: video)
                }.sorted { $0.number < $1.number })
        }
    }

    public func isListed(id: UUID, audience: Audience) async throws -> Bool {
        guard let found = try await find(id: id), found.effectiveMaturity <= audience.maxMaturity else { return false }
        return await videos.all().contains { $0.catalog.episode?.seriesId == id && audience.isListed($0) }
    }

    public func nextEpisode(after slot: EpisodeSlot, audience: Audience) async throws -> UUID? {
        await videos.all()
            .compactMap { video -> (EpisodeSlot, UUID)? in
                guard let other = video.catalog.episode, other.seriesId == slot.seriesId, audience.isListed(video),
                    (other.seasonNumber, other.episodeNumber) > (slot.seasonNumber, slot.episodeNumber)
                else { return nil }
                return (other, video.id)
            }
            .min { ($0.0.seasonNumber, $0.0.episodeNumber) < ($1.0.seasonNumber, $1.0.episodeNumber) }?.1
    }
}
