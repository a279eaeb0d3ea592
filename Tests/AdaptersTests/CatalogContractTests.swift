import Adapters
import Domain
import Foundation
import InMemoryAdapters
import PostgresNIO
import Testing

/// The catalog stores against the Domain's audience rule: every combination of maturity, window, region, schedule,
/// visibility and status, listed (or not) for every kind of audience exactly as `Audience.isListed` says, in the
/// same order, by the in-memory twin and by PostgreSQL's SQL (`AudienceFilter`).
@Suite struct CatalogContractTests {
    struct Stores: Sendable {
        var users: any UserRepository
        var videos: any VideoRepository
        var catalog: any CatalogRepository
        var series: any SeriesRepository
    }

    static func with(_ store: Store, _ body: @Sendable (Stores) async throws -> Void) async throws {
        switch store {
        case .memory:
            let videos = VideoMemoryRepository()
            let series = SeriesMemoryRepository(videos: videos)
            try await body(
                Stores(
                    users: UserMemoryRepository(), videos: videos, catalog: CatalogMemoryRepository(videos: videos, series: series),
                    series: series))
        case .postgres:
            try await withFreshDatabase { database in
                try await withPostgres(database: database) { client in
                    let logger = TestEnvironment.logger
                    try await body(
                        Stores(
                            users: UserPostgresRepository(client: client, logger: logger),
                            videos: VideoPostgresRepository(client: client, logger: logger),
                            catalog: CatalogPostgresRepository(client: client, logger: logger),
                            series: SeriesPostgresRepository(client: client, logger: logger)))
                }
            }
        }
    }

    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let de = CountryCode("DE")!
    static let us = CountryCode("US")!

    /// Video number `i` of the matrix: each dimension cycles with a different period, so 240 videos cover them all.
    static func catalog(_ i: Int) -> (VideoCatalog, VideoVisibility, VideoStatus) {
        var catalog = VideoCatalog()
        catalog.maturity = MaturityRating(rank: i % 5) ?? .all
        switch i % 4 {
        case 1: catalog.availableFrom = now.addingTimeInterval(60)
        case 2: catalog.availableUntil = now
        case 3:
            catalog.availableFrom = now.addingTimeInterval(-60)
            catalog.availableUntil = now.addingTimeInterval(60)
        default: break
        }
        switch i % 3 {
        case 1: catalog.regions = RegionRule(mode: .allow, countries: [de])
        case 2: catalog.regions = RegionRule(mode: .deny, countries: [de])
        default: break
        }
        switch (i / 3) % 3 {
        case 1: catalog.publishAt = now.addingTimeInterval(-3600 - Double(i))
        case 2: catalog.publishAt = now.addingTimeInterval(3600)
        default: break
        }
        catalog.kind = i % 2 == 0 ? .movie : .clip
        catalog.genres = i % 6 == 0 ? ["drama"] : ["comedy"]
        let visibility: [VideoVisibility] = [.public, .public, .public, .unlisted, .private]
        return (catalog, visibility[(i / 7) % 5], (i / 11) % 4 == 3 ? .processing : .ready)
    }

    static let audiences: [Audience] = [MaturityRating.all, .age7, .age13, .age18].flatMap { limit in
        [nil, de, us].map { Audience(maxMaturity: limit, country: $0, now: now) }
    }

    @Test(arguments: Store.allCases) func listsFollowTheAudienceRule(store: Store) async throws {
        try await Self.with(store) { stores in
            let (owner, profile) = try makeUser()
            try await stores.users.create(owner, firstProfile: profile)
            var seeded: [Video] = []
            for i in 0..<240 {
                let (catalog, visibility, status) = Self.catalog(i)
                var video = Video(
                    id: UUID(), ownerId: owner.id, title: "Video \(i % 17)", description: "", tags: [], visibility: visibility,
                    status: status, originalFilename: nil, sizeBytes: 1, createdAt: Self.now.addingTimeInterval(-Double(i % 29)),
                    updatedAt: Self.now)
                try await stores.videos.create(video, job: nil, defaultQuotaBytes: .max)
                video = try #require(try await stores.videos.update(id: video.id) { $0.catalog = catalog })
                seeded.append(video)
            }
            for audience in Self.audiences {
                let expected = seeded.filter(audience.isListed)
                for sort in CatalogSort.allCases {
                    var ids: [UUID] = []
                    var after: CatalogPosition?
                    while true {
                        let page = try await stores.catalog.browse(CatalogFilter(sort: sort), audience: audience, after: after, limit: 9)
                        ids += page.map(\.id)
                        guard page.count == 9, let last = page.last else { break }
                        after = last.position(in: sort)
                    }
                    let order = expected.map(CatalogItem.video).sorted {
                        CatalogMemoryRepository.precedes($0.position(in: sort), $1.position(in: sort))
                    }
                    #expect(
                        ids == order.map(\.id), "\(store) \(sort) for \(audience.maxMaturity) in \(String(describing: audience.country))")
                }
                let drama = try await stores.catalog.browse(
                    CatalogFilter(kind: .movie, genre: "drama"), audience: audience, after: nil, limit: 500)
                #expect(
                    Set(drama.map(\.id))
                        == Set(expected.filter { $0.catalog.kind == .movie && $0.catalog.genres.contains("drama") }.map(\.id)))
                #expect(try await stores.catalog.channelVideoCount(ownerId: owner.id, audience: audience) == expected.count)
            }
        }
    }

    @Test(arguments: Store.allCases) func seriesAreListedByTheirEpisodesAndRatings(store: Store) async throws {
        try await Self.with(store) { stores in
            let (owner, profile) = try makeUser()
            try await stores.users.create(owner, firstProfile: profile)
            let show = Series(
                id: UUID(), ownerId: owner.id, title: "Show", description: "", genres: ["drama"], maturity: .age7, language: nil,
                createdAt: Self.now, updatedAt: Self.now)
            try await stores.series.create(show)
            try await stores.series.addSeason(seriesId: show.id, number: 1, title: "One", at: Self.now)
            try await stores.series.addSeason(seriesId: show.id, number: 2, title: "Two", at: Self.now)
            await #expect(throws: CatalogError.seasonExists(2)) {
                try await stores.series.addSeason(seriesId: show.id, number: 2, title: "Again", at: Self.now)
            }
            var episodes: [UUID] = []
            for (season, episode, maturity) in [(1, 1, MaturityRating.all), (1, 2, .age16), (2, 1, .all)] {
                let video = Video(
                    id: UUID(), ownerId: owner.id, title: "E\(season)x\(episode)", description: "", tags: [], visibility: .public,
                    status: .ready, originalFilename: nil, sizeBytes: 1, createdAt: Self.now, updatedAt: Self.now)
                try await stores.videos.create(video, job: nil, defaultQuotaBytes: .max)
                _ = try await stores.videos.update(id: video.id) { $0.catalog.maturity = maturity }
                try await stores.series.attach(
                    videoId: video.id, to: EpisodeSlot(seriesId: show.id, seasonNumber: season, episodeNumber: episode), at: Self.now)
                episodes.append(video.id)
            }
            let spare = Video(
                id: UUID(), ownerId: owner.id, title: "Spare", description: "", tags: [], visibility: .public, status: .ready,
                originalFilename: nil, sizeBytes: 1, createdAt: Self.now, updatedAt: Self.now)
            try await stores.videos.create(spare, job: nil, defaultQuotaBytes: .max)
            await #expect(throws: CatalogError.episodeSlotTaken) {
                try await stores.series.attach(
                    videoId: spare.id, to: EpisodeSlot(seriesId: show.id, seasonNumber: 1, episodeNumber: 1), at: Self.now)
            }
            await #expect(throws: CatalogError.alreadyEpisode) {
                try await stores.series.attach(
                    videoId: episodes[0], to: EpisodeSlot(seriesId: show.id, seasonNumber: 2, episodeNumber: 5), at: Self.now)
            }
            await #expect(throws: CatalogError.seasonNotFound(9)) {
                try await stores.series.attach(
                    videoId: spare.id, to: EpisodeSlot(seriesId: show.id, seasonNumber: 9, episodeNumber: 1), at: Self.now)
            }
            let adult = Audience(country: nil, now: Self.now)
            let teen = Audience(maxMaturity: .age13, country: nil, now: Self.now)
            #expect(try await stores.series.find(id: show.id)?.effectiveMaturity == .age16)
            #expect(try await stores.series.isListed(id: show.id, audience: adult))
            #expect(try await !stores.series.isListed(id: show.id, audience: teen))
            let page = try await stores.catalog.browse(CatalogFilter(), audience: adult, after: nil, limit: 50)
            #expect(page.map(\.id) == [spare.id, show.id] || page.map(\.id) == [show.id, spare.id])
            let first = EpisodeSlot(seriesId: show.id, seasonNumber: 1, episodeNumber: 1)
            #expect(try await stores.series.nextEpisode(after: first, audience: adult) == episodes[1])
            #expect(try await stores.series.nextEpisode(after: first, audience: teen) == episodes[2])
            let seasons = try await stores.series.seasons(seriesId: show.id, audience: teen)
            #expect(seasons.map { $0.episodes.map(\.video.id) } == [[episodes[0]], [episodes[2]]])
            // Lowering the 16+ episode lowers the series.
            _ = try await stores.videos.update(id: episodes[1]) { $0.catalog.maturity = .age7 }
            #expect(try await stores.series.isListed(id: show.id, audience: teen))
            #expect(try await stores.series.detach(EpisodeSlot(seriesId: show.id, seasonNumber: 1, episodeNumber: 2), at: Self.now))
            #expect(try await stores.videos.find(id: episodes[1])?.catalog.kind == .clip)
            #expect(try await stores.series.delete(id: show.id, at: Self.now))
            #expect(try await stores.videos.find(id: episodes[0])?.catalog.episode == nil)
            #expect(try await stores.series.find(id: show.id) == nil)
        }
    }

    @Test(arguments: Store.allCases) func publishingMarksDueVideosOnce(store: Store) async throws {
        try await Self.with(store) { stores in
            let (owner, profile) = try makeUser()
            try await stores.users.create(owner, firstProfile: profile)
            var ids: [UUID] = []
            for offset in [-10.0, 10.0] {
                let video = Video(
                    id: UUID(), ownerId: owner.id, title: "V", description: "", tags: [], visibility: .public, status: .ready,
                    originalFilename: nil, sizeBytes: 1, createdAt: Self.now, updatedAt: Self.now)
                try await stores.videos.create(video, job: nil, defaultQuotaBytes: .max)
                _ = try await stores.videos.update(id: video.id) { $0.catalog.publishAt = Self.now.addingTimeInterval(offset) }
                ids.append(video.id)
            }
            #expect(try await stores.catalog.publishDue(now: Self.now, limit: 10).map(\.id) == [ids[0]])
            #expect(try await stores.catalog.publishDue(now: Self.now, limit: 10).isEmpty)
            #expect(try await stores.catalog.publishDue(now: Self.now.addingTimeInterval(10), limit: 10).map(\.id) == [ids[1]])
        }
    }
}
