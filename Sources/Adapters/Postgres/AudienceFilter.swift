import Domain
import Foundation
import PostgresNIO

extension PostgresQuery.StringInterpolation {
    /// `Audience.isListed` in SQL, for the videos aliased `alias`: public, ready, not deleted, published, within the
    /// profile's limit, inside the availability window, in an admitted country. The one place lists apply the rule
    /// (`AudienceFilterContractTests` holds it to the Domain's answers).
    mutating func appendInterpolation(listedFor audience: Audience, alias v: String) {
        let country = audience.country?.value
        appendLiteral(
            "(\(v).visibility = 'public' AND \(v).status = 'ready' AND \(v).deleted_at IS NULL AND \(v).maturity <= ")
        appendInterpolation(Int16(audience.maxMaturity.rank))
        appendLiteral(" AND (\(v).publish_at IS NULL OR \(v).publish_at <= ")
        appendInterpolation(audience.now)
        appendLiteral(") AND (\(v).available_from IS NULL OR \(v).available_from <= ")
        appendInterpolation(audience.now)
        appendLiteral(") AND (\(v).available_until IS NULL OR \(v).available_until > ")
        appendInterpolation(audience.now)
        appendLiteral(") AND (\(v).region_mode IS NULL OR (\(v).region_mode = 'allow' AND COALESCE(")
        appendInterpolation(country)
        appendLiteral("::text = ANY (\(v).region_countries), false)) OR (\(v).region_mode = 'deny' AND NOT COALESCE(")
        appendInterpolation(country)
        appendLiteral("::text = ANY (\(v).region_countries), false))))")
    }

    /// A series is listed when one of its episodes is listed and its rating, counting its episodes', is within
    /// the limit. `episodeCondition` narrows the episodes that count (e.g. a release year).
    mutating func appendInterpolation(seriesListedFor audience: Audience, alias s: String, year: Int? = nil) {
        appendLiteral("(GREATEST(\(s).maturity, \(s).episode_maturity) <= ")
        appendInterpolation(Int16(audience.maxMaturity.rank))
        appendLiteral(" AND EXISTS (SELECT 1 FROM videos e WHERE e.series_id = \(s).id AND ")
        appendInterpolation(listedFor: audience, alias: "e")
        if let year {
            appendLiteral(" AND e.release_year = ")
            appendInterpolation(year)
        }
        appendLiteral("))")
    }
}
