import Domain
import Foundation
import Hummingbird

/// A series' details (without its seasons).
struct SeriesResponse: ResponseEncodable {
    var id: String
    var ownerId: String
    var title: String
    var description: String
    var genres: [String]
    /// The series' own rating.
    var maturityRating: String
    /// The highest of its own rating and its episodes'.
    var effectiveMaturityRating: String
    var language: String?
    var viewCount: Int64
    var createdAt: Date
    var updatedAt: Date

    init(_ series: Series) {
        id = series.id.lowercasedString
        ownerId = series.ownerId.lowercasedString
        title = series.title
        description = series.description
        genres = series.genres
        maturityRating = series.maturity.rawValue
        effectiveMaturityRating = series.effectiveMaturity.rawValue
        language = series.language?.value
        viewCount = series.viewCount
        createdAt = series.createdAt
        updatedAt = series.updatedAt
    }
}
