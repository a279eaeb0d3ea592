import Domain
import Foundation

/// In-memory `CatalogRepository` over the in-memory videos and series, with the Domain's audience rule.
public actor CatalogMemoryRepository: CatalogRepository {
    let videos: VideoMemoryRepository
    let series: SeriesMemoryRepository
    public var genreList: [Genre] = ["action", "comedy", "documentary", "drama", "kids", "sci-fi"].map {
        Genre(slug: $0, name: $0.capitalized)
    }

    public init(videos: VideoMemoryRepository, series: SeriesMemoryRepository) {
        self.videos = videos
        self.series = series
    }

    public func genres() async throws -> [Genre] { genreList }

    public func browse(
        _ filter: CatalogFilter, audience: Audience, after position: CatalogPosition?, limit: Int
    ) async throws
        -> [CatalogItem]
    {
        var items: [CatalogItem] = []
        if filter.kind != .series {
            items += await videos.all().filter { video in
                video.catalog.kind != .episode && audience.isListed(video)
                    && filter.kind.map { $0.rawValue == video.catalog.kind.rawValue } ?? true
                    && filter.genre.map(video.catalog.genres.contains) ?? true
                    && filter.year.map { $0 == video.catalog.releaseYear } ?? true
                    && filter.language.map { Self.matches(video.catalog.language, $0) } ?? true
            }.map(CatalogItem.video)
        }
        if filter.kind == nil || filter.kind == .series {
            for item in try await series.all() where try await series.isListed(id: item.id, audience: audience) {
                guard filter.genre.map(item.genres.contains) ?? true, filter.language.map({ Self.matches(item.language, $0) }) ?? true
                else { continue }
                if let year = filter.year {
                    let episodes = try await series.seasons(seriesId: item.id, audience: audience).flatMap(\.episodes)
                    guard episodes.contains(where: { $0.video.catalog.releaseYear == year }) else { continue }
                }
                items.append(.series(item))
            }
        }
        let ordered = items.sorted { Self.precedes($0.position(in: filter.sort), $1.position(in: filter.sort)) }
        let after = ordered.filter { item in position.map { Self.precedes($0, item.position(in: filter.sort)) } ?? true }
        return Array(after.prefix(limit))
    }

    public func channelVideos(ownerId: UUID, audience: Audience, after: KeysetPosition?, limit: Int) async throws -> [Video] {
        let listed = await videos.all().filter { $0.ownerId == ownerId && audience.isListed($0) }
            .map { (KeysetPosition(createdAt: $0.catalog.publishAt ?? $0.createdAt, id: $0.id), $0) }
            .sorted { ($0.0.createdAt, $0.0.id.uuidString) > ($1.0.createdAt, $1.0.id.uuidString) }
        return Array(
            listed.filter { key, _ in after.map { (key.createdAt, key.id.uuidString) < ($0.createdAt, $0.id.uuidString) } ?? true }
                .prefix(limit).map(\.1))
    }

    public func channelVideoCount(ownerId: UUID, audience: Audience) async throws -> Int {
        await videos.all().filter { $0.ownerId == ownerId && audience.isListed($0) }.count
    }

    public func publishDue(now: Date, limit: Int) async throws -> [Video] {
        let due = await videos.all().filter {
            $0.catalog.publishedAt == nil && $0.visibility == .public && $0.status == .ready && ($0.catalog.publishAt ?? now) <= now
        }
        var published: [Video] = []
        for video in due.prefix(limit) {
            if let done = try await videos.update(id: video.id, { $0.catalog.publishedAt = now }) { published.append(done) }
        }
        return published
    }

    static func matches(_ tag: LanguageTag?, _ wanted: LanguageTag) -> Bool {
        guard let tag else { return false }
        return tag == wanted || tag.value.hasPrefix(wanted.value + "-")
    }

    /// Whether `a` comes before `b` in their order.
    public static func precedes(_ a: CatalogPosition, _ b: CatalogPosition) -> Bool {
        switch (a.key, b.key) {
        case (.time(let x), .time(let y)): (x, a.id.uuidString) > (y, b.id.uuidString)
        case (.count(let x), .count(let y)): (x, a.id.uuidString) > (y, b.id.uuidString)
        case (.text(let x), .text(let y)): (x, a.id.uuidString) < (y, b.id.uuidString)
        default: false
        }
    }
}
