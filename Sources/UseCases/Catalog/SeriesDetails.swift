import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The details a series is created or edited with, as sent.
public struct SeriesDetails: Sendable {
    public var title: String?
    public var description: String?
    public var genres: [String]?
    public var maturityRating: String?
    public var language: String??

    public init(
        title: String? = nil, description: String? = nil, genres: [String]? = nil, maturityRating: String? = nil,
        language: String?? = nil
    ) {
        self.title = title
        self.description = description
        self.genres = genres
        self.maturityRating = maturityRating
        self.language = language
    }

    /// The details validated, applied to `series`.
    func apply(to series: inout Series, genres known: [Genre]) throws {
        if let title { series.title = try VideoMetadata.title(title) }
        if let description { series.description = try VideoMetadata.description(description) }
        if let genres { series.genres = try CatalogChanges.genres(genres, known: known) }
        if let maturityRating { series.maturity = try MaturityRating.parse(maturityRating) }
        if let language { series.language = try language.map { try LanguageTag.parse($0) } }
    }
}
