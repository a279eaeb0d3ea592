import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The catalog fields of a video edit, as sent. A nil field is left alone; `.some(nil)` clears an optional one.
public struct CatalogChanges: Sendable {
    public var kind: String?
    public var genres: [String]?
    public var maturityRating: String?
    public var language: String??
    public var releaseYear: Int??
    public var availableFrom: String??
    public var availableUntil: String??
    /// `mode` and `countries`.
    public var regions: (mode: String, countries: [String])??
    public var publishAt: String??

    public init() {}

    /// The edit, validated against the genre list and today's date, ready to apply to a video's catalog.
    func validated(genres known: [Genre], now: Date) throws -> @Sendable (inout VideoCatalog) throws -> Void {
        let kind = try kind.map(Self.kind)
        let genres = try genres.map { try Self.genres($0, known: known) }
        let maturity = try maturityRating.map { raw in try MaturityRating.parse(raw) }
        let language = try language.map { raw in try raw.map { try LanguageTag.parse($0) } }
        let year = try releaseYear.map { raw in try raw.map { try Self.year($0, now: now) } }
        let from = try availableFrom.map { raw in try raw.map { try RFC3339.parse($0, field: "availableFrom") } }
        let until = try availableUntil.map { raw in
            try raw.map { try RFC3339.parse($0, field: "availableUntil") }
        }
        let regions = try regions.map { raw in try raw.map { try RegionRule.parse(mode: $0.mode, countries: $0.countries) } }
        let publishAt = try publishAt.map { raw in try raw.map { try RFC3339.parse($0, field: "publishAt") } }
        return { catalog in
            if let kind {
                guard catalog.kind != .episode else { throw CatalogError.kindLocked }
                catalog.kind = kind
            }
            if let genres { catalog.genres = genres }
            if let maturity { catalog.maturity = maturity }
            if let language { catalog.language = language }
            if let year { catalog.releaseYear = year }
            if let from { catalog.availableFrom = from }
            if let until { catalog.availableUntil = until }
            if let regions { catalog.regions = regions }
            if let publishAt {
                catalog.publishAt = publishAt
                // A new time publishes again (the job marks it when the time comes).
                if publishAt.map({ $0 > now }) ?? false { catalog.publishedAt = nil }
            }
            if let from = catalog.availableFrom, let until = catalog.availableUntil, from >= until {
                throw ValidationError(
                    field: "availableUntil", code: "invalid_availability", message: "availableUntil must be after availableFrom")
            }
        }
    }

    static func kind(_ raw: String) throws -> VideoKind {
        switch raw.trimmed() {
        case "clip": return .clip
        case "movie": return .movie
        case "episode": throw CatalogError.kindLocked
        default: throw ValidationError(field: "kind", code: "invalid_kind", message: "kind must be clip or movie")
        }
    }

    static func genres(_ raw: [String], known: [Genre]) throws -> [String] {
        var slugs: [String] = []
        for value in raw {
            let slug = value.trimmed().lowercased()
            guard known.contains(where: { $0.slug == slug }) else { throw CatalogError.unknownGenre(String(value.prefix(64))) }
            if !slugs.contains(slug) { slugs.append(slug) }
        }
        guard slugs.count <= Genre.maximumPerTitle else {
            throw ValidationError(field: "genres", code: "invalid_genres", message: "at most \(Genre.maximumPerTitle) genres")
        }
        return slugs
    }

    static func year(_ year: Int, now: Date) throws(ValidationError) -> Int {
        let next = Int(1970 + (now.timeIntervalSince1970 / 31_556_952).rounded(.down)) + 1
        guard (1888...next).contains(year) else {
            throw ValidationError(field: "releaseYear", code: "invalid_release_year", message: "releaseYear must be from 1888 to \(next)")
        }
        return year
    }
}
