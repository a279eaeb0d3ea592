import Domain
import Foundation
import PostgresNIO

/// The SQL of one catalog page: the listed videos (movies and clips) and the listed series, each a keyset scan in
/// the requested order, merged and cut to the page.
enum CatalogQuery {
    static func page(_ filter: CatalogFilter, audience: Audience, after position: CatalogPosition?, limit: Int) -> PostgresQuery {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 1024, interpolationCount: 32)
        let order = Order(filter.sort)
        let withVideos = filter.kind != .series
        let withSeries = filter.kind == nil || filter.kind == .series
        sql.appendLiteral("SELECT t, id FROM (")
        if withVideos {
            sql.appendLiteral("(SELECT 'v' AS t, v.id, \(order.videoKey) AS k FROM videos v WHERE v.kind <> 'episode' AND ")
            sql.appendInterpolation(listedFor: audience, alias: "v")
            if let kind = filter.kind {
                sql.appendLiteral(" AND v.kind = ")
                sql.appendInterpolation(kind.rawValue)
            }
            if let genre = filter.genre {
                sql.appendLiteral(" AND v.genres @> ARRAY[")
                sql.appendInterpolation(genre)
                sql.appendLiteral("::text]")
            }
            language(filter.language, column: "v.language", into: &sql)
            if let year = filter.year {
                sql.appendLiteral(" AND v.release_year = ")
                sql.appendInterpolation(year)
            }
            keyset(position, key: order.videoKey, id: "v.id", order: order, into: &sql)
            sql.appendLiteral(" ORDER BY \(order.videoKey) \(order.direction), v.id \(order.direction) LIMIT ")
            sql.appendInterpolation(limit)
            sql.appendLiteral(")")
        }
        if withVideos && withSeries { sql.appendLiteral(" UNION ALL ") }
        if withSeries {
            sql.appendLiteral("(SELECT 's' AS t, s.id, \(order.seriesKey) AS k FROM series s WHERE ")
            sql.appendInterpolation(seriesListedFor: audience, alias: "s", year: filter.year)
            if let genre = filter.genre {
                sql.appendLiteral(" AND s.genres @> ARRAY[")
                sql.appendInterpolation(genre)
                sql.appendLiteral("::text]")
            }
            language(filter.language, column: "s.language", into: &sql)
            keyset(position, key: order.seriesKey, id: "s.id", order: order, into: &sql)
            sql.appendLiteral(" ORDER BY \(order.seriesKey) \(order.direction), s.id \(order.direction) LIMIT ")
            sql.appendInterpolation(limit)
            sql.appendLiteral(")")
        }
        sql.appendLiteral(") page ORDER BY k \(order.direction), id \(order.direction) LIMIT ")
        sql.appendInterpolation(limit)
        return PostgresQuery(stringInterpolation: sql)
    }

    struct Order {
        var videoKey: String
        var seriesKey: String
        var direction: String

        init(_ sort: CatalogSort) {
            switch sort {
            case .newest: (videoKey, seriesKey, direction) = ("v.released_at", "s.created_at", "DESC")
            case .title: (videoKey, seriesKey, direction) = ("v.title", "s.title", "ASC")
            case .popular: (videoKey, seriesKey, direction) = ("v.view_count", "s.view_count", "DESC")
            }
        }
    }

    /// A language matches itself and its regional forms (`en` finds `en-GB`).
    static func language(_ tag: LanguageTag?, column: String, into sql: inout PostgresQuery.StringInterpolation) {
        guard let tag else { return }
        sql.appendLiteral(" AND (\(column) = ")
        sql.appendInterpolation(tag.value)
        sql.appendLiteral(" OR \(column) LIKE ")
        sql.appendInterpolation(tag.value + "-%")
        sql.appendLiteral(")")
    }

    /// Rows strictly after `position` in the order (a row comparison the index answers).
    static func keyset(
        _ position: CatalogPosition?, key: String, id: String, order: Order, into sql: inout PostgresQuery.StringInterpolation
    ) {
        guard let position else { return }
        sql.appendLiteral(" AND (\(key), \(id)) \(order.direction == "DESC" ? "<" : ">") (")
        switch position.key {
        case .time(let date):
            // Whole microseconds, as stored: a Date bound directly could land a fraction off the row it came from.
            sql.appendLiteral("timestamptz 'epoch' + ")
            sql.appendInterpolation(Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
            sql.appendLiteral(" * interval '1 microsecond'")
        case .text(let text): sql.appendInterpolation(text)
        case .count(let count): sql.appendInterpolation(count)
        }
        sql.appendLiteral(", ")
        sql.appendInterpolation(position.id)
        sql.appendLiteral(")")
    }
}
