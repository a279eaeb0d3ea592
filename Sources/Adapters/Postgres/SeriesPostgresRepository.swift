import Domain
import Foundation
import Logging
import PostgresNIO

/// Series, seasons and episode slots in PostgreSQL. An episode is a video row pointing at its series and season;
/// a trigger keeps the series' episode rating and views in step.
public struct SeriesPostgresRepository: SeriesRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func create(_ series: Series) async throws {
        try await client.query(
            """
            INSERT INTO series (id, owner_id, title, description, genres, maturity, language, created_at, updated_at)
            VALUES (\(series.id), \(series.ownerId), \(series.title), \(series.description), \(series.genres),
                \(Int16(series.maturity.rank)), \(series.language?.value), \(series.createdAt), \(series.updatedAt))
            """, logger: logger)
    }

    public func find(id: UUID) async throws -> Series? {
        let rows = try await client.query("SELECT \(unescaped: SeriesRow.columns) FROM series WHERE id = \(id)", logger: logger)
        return try await SeriesRow.all(rows).first
    }

    public func update(id: UUID, _ change: @Sendable (inout Series) throws -> Void) async throws -> Series? {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: SeriesRow.columns) FROM series WHERE id = \(id) FOR UPDATE", logger: logger)
            guard var series = try await SeriesRow.all(rows).first else { return nil }
            try change(&series)
            try await connection.query(
                """
                UPDATE series SET title = \(series.title), description = \(series.description), genres = \(series.genres),
                    maturity = \(Int16(series.maturity.rank)), language = \(series.language?.value),
                    updated_at = \(series.updatedAt)
                WHERE id = \(id)
                """, logger: logger)
            return series
        }
    }

    public func delete(id: UUID, at date: Date) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                UPDATE videos SET kind = 'clip', series_id = NULL, season_number = NULL, episode_number = NULL,
                    updated_at = \(date)
                WHERE series_id = \(id)
                """, logger: logger)
            let rows = try await connection.query("DELETE FROM series WHERE id = \(id) RETURNING id", logger: logger)
            return try await JobPostgresQueue.changed(rows)
        }
    }

    public func addSeason(seriesId: UUID, number: Int, title: String, at date: Date) async throws {
        do {
            try await client.transaction(logger: logger) { connection in
                try await connection.query(
                    "INSERT INTO seasons (series_id, number, title, created_at) VALUES (\(seriesId), \(number), \(title), \(date))",
                    logger: logger)
                try await connection.query("UPDATE series SET updated_at = \(date) WHERE id = \(seriesId)", logger: logger)
            }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CatalogError.seasonExists(number)
        }
    }

    public func attach(videoId: UUID, to slot: EpisodeSlot, at date: Date) async throws {
        do {
            try await client.transaction(logger: logger) { connection in
                let current = try await connection.query(
                    "SELECT series_id FROM videos WHERE id = \(videoId) AND deleted_at IS NULL FOR UPDATE", logger: logger)
                var found = false
                for try await seriesId in current.decode(UUID?.self) {
                    found = true
                    if seriesId != nil { throw CatalogError.alreadyEpisode }
                }
                guard found else { throw VideoError.notFound }
                let season = try await connection.query(
                    "SELECT 1 FROM seasons WHERE series_id = \(slot.seriesId) AND number = \(slot.seasonNumber)", logger: logger)
                guard try await JobPostgresQueue.changed(season) else { throw CatalogError.seasonNotFound(slot.seasonNumber) }
                try await connection.query(
                    """
                    UPDATE videos SET kind = 'episode', series_id = \(slot.seriesId), season_number = \(slot.seasonNumber),
                        episode_number = \(slot.episodeNumber), updated_at = \(date)
                    WHERE id = \(videoId)
                    """, logger: logger)
                try await connection.query("UPDATE series SET updated_at = \(date) WHERE id = \(slot.seriesId)", logger: logger)
            }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CatalogError.episodeSlotTaken
        }
    }

    public func detach(_ slot: EpisodeSlot, at date: Date) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE videos SET kind = 'clip', series_id = NULL, season_number = NULL, episode_number = NULL, updated_at = \(date)
            WHERE series_id = \(slot.seriesId) AND season_number = \(slot.seasonNumber)
              AND episode_number = \(slot.episodeNumber)
            RETURNING id
            """, logger: logger)
        return try await JobPostgresQueue.changed(rows)
    }

    public func seasons(seriesId: UUID, audience: Audience?) async throws -> [Season] {
        let seasonRows = try await client.query(
            "SELECT number, title FROM seasons WHERE series_id = \(seriesId) ORDER BY number", logger: logger)
        var seasons: [Season] = []
        for try await (number, title) in seasonRows.decode((Int, String).self) { seasons.append(Season(number: number, title: title)) }
        let rows: PostgresRowSequence
        if let audience {
            rows = try await client.query(
                """
                SELECT \(unescaped: VideoRow.columns("v")) FROM videos v
                WHERE v.series_id = \(seriesId) AND \(listedFor: audience, alias: "v")
                ORDER BY v.season_number, v.episode_number
                """, logger: logger)
        } else {
            rows = try await client.query(
                """
                SELECT \(unescaped: VideoRow.columns("v")) FROM videos v
                WHERE v.series_id = \(seriesId) AND v.deleted_at IS NULL
                ORDER BY v.season_number, v.episode_number
                """, logger: logger)
        }
        for video in try await VideoRow.all(rows) {
            guard let slot = video.catalog.episode, let index = seasons.firstIndex(where: { $0.number == slot.seasonNumber }) else {
                continue
            }
            seasons[index].episodes.append(Episode(number: slot.episodeNumber, video: video))
        }
        return seasons
    }

    public func isListed(id: UUID, audience: Audience) async throws -> Bool {
        let rows = try await client.query(
            "SELECT 1 FROM series s WHERE s.id = \(id) AND \(seriesListedFor: audience, alias: "s")", logger: logger)
        return try await JobPostgresQueue.changed(rows)
    }

    public func nextEpisode(after slot: EpisodeSlot, audience: Audience) async throws -> UUID? {
        let rows = try await client.query(
            """
            SELECT v.id FROM videos v
            WHERE v.series_id = \(slot.seriesId) AND (v.season_number, v.episode_number) > (\(slot.seasonNumber), \(slot.episodeNumber))
              AND \(listedFor: audience, alias: "v")
            ORDER BY v.season_number, v.episode_number LIMIT 1
            """, logger: logger)
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }
}
