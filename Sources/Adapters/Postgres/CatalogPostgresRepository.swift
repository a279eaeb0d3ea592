import Domain
import Foundation
import Logging
import PostgresNIO

/// The catalog in PostgreSQL: each list is one keyset query per table over a partial index, with the audience
/// rule (`AudienceFilter`) in its WHERE clause; the page's rows are then read by id.
public struct CatalogPostgresRepository: CatalogRepository {
    let client: PostgresClient
    let logger: Logger
    let genreCache = GenreCache()

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func genres() async throws -> [Genre] {
        try await genreCache.genres {
            let rows = try await client.query("SELECT slug, name FROM genres ORDER BY sort_order, slug", logger: logger)
            var genres: [Genre] = []
            for try await (slug, name) in rows.decode((String, String).self) { genres.append(Genre(slug: slug, name: name)) }
            return genres
        }
    }

    public func browse(
        _ filter: CatalogFilter, audience: Audience, after position: CatalogPosition?, limit: Int
    ) async throws
        -> [CatalogItem]
    {
        let rows = try await client.query(CatalogQuery.page(filter, audience: audience, after: position, limit: limit), logger: logger)
        var page: [(isSeries: Bool, id: UUID)] = []
        for try await (type, id) in rows.decode((String, UUID).self) { page.append((type == "s", id)) }
        let videoIds = page.filter { !$0.isSeries }.map(\.id)
        let seriesIds = page.filter(\.isSeries).map(\.id)
        var videos: [UUID: Video] = [:]
        if !videoIds.isEmpty {
            let rows = try await client.query(
                "SELECT \(unescaped: VideoRow.columns()) FROM videos WHERE id = ANY(\(videoIds))", logger: logger)
            for video in try await VideoRow.all(rows) { videos[video.id] = video }
        }
        var series: [UUID: Series] = [:]
        if !seriesIds.isEmpty {
            let rows = try await client.query(
                "SELECT \(unescaped: SeriesRow.columns) FROM series WHERE id = ANY(\(seriesIds))", logger: logger)
            for item in try await SeriesRow.all(rows) { series[item.id] = item }
        }
        return page.compactMap { entry in
            entry.isSeries ? series[entry.id].map(CatalogItem.series) : videos[entry.id].map(CatalogItem.video)
        }
    }

    public func channelVideos(ownerId: UUID, audience: Audience, after: KeysetPosition?, limit: Int) async throws -> [Video] {
        let micros = after?.microseconds
        let rows = try await client.query(
            """
            SELECT \(unescaped: VideoRow.columns("v")) FROM videos v
            WHERE v.owner_id = \(ownerId) AND \(listedFor: audience, alias: "v")
              AND (\(micros)::bigint IS NULL
                   OR (v.released_at, v.id) < (timestamptz 'epoch' + \(micros) * interval '1 microsecond', \(after?.id)))
            ORDER BY v.released_at DESC, v.id DESC LIMIT \(limit)
            """, logger: logger)
        return try await VideoRow.all(rows)
    }

    public func channelVideoCount(ownerId: UUID, audience: Audience) async throws -> Int {
        let rows = try await client.query(
            "SELECT count(*) FROM videos v WHERE v.owner_id = \(ownerId) AND \(listedFor: audience, alias: "v")",
            logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    public func publishDue(now: Date, limit: Int) async throws -> [Video] {
        let rows = try await client.query(
            """
            UPDATE videos SET published_at = \(now)
            WHERE id IN (
                SELECT id FROM videos
                WHERE published_at IS NULL AND visibility = 'public' AND status = 'ready' AND deleted_at IS NULL
                  AND (publish_at IS NULL OR publish_at <= \(now))
                ORDER BY publish_at NULLS FIRST, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: VideoRow.columns())
            """, logger: logger)
        return try await VideoRow.all(rows)
    }
}
