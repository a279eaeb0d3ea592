import Domain
import Foundation
import PostgresNIO

/// How a series is read from a row.
enum SeriesRow {
    static let columns = """
        id, owner_id, title, description, genres, maturity, language, episode_maturity, view_count, created_at, updated_at
        """
    typealias Row = (UUID, UUID, String, String, [String], Int16, String?, Int16, Int64, Date, Date)

    static func series(_ row: Row) -> Series {
        let (id, owner, title, description, genres, maturity, language, episodeMaturity, views, created, updated) = row
        var series = Series(
            id: id, ownerId: owner, title: title, description: description, genres: genres,
            maturity: MaturityRating(rank: Int(maturity)) ?? .age18, language: language.flatMap { LanguageTag($0) },
            createdAt: created, updatedAt: updated)
        series.episodeMaturity = MaturityRating(rank: Int(episodeMaturity)) ?? .age18
        series.viewCount = views
        return series
    }

    static func all(_ rows: PostgresRowSequence) async throws -> [Series] {
        var all: [Series] = []
        for try await row in rows.decode(Row.self) { all.append(series(row)) }
        return all
    }
}
