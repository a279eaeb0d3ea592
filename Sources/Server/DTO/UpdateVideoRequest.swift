import Domain
import Foundation
import Hummingbird
import UseCases

/// A video PATCH body. An absent field is left alone; `null` clears an optional catalog field.
struct UpdateVideoRequest: Decodable {
    var title: String?
    var description: String?
    var tags: [String]?
    var visibility: String?
    var catalog = CatalogChanges()

    enum CodingKeys: String, CodingKey {
        case title, description, tags, visibility, kind, genres, maturityRating, language, releaseYear, availableFrom,
            availableUntil, regions, publishAt
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        visibility = try container.decodeIfPresent(String.self, forKey: .visibility)
        catalog.kind = try container.decodeIfPresent(String.self, forKey: .kind)
        catalog.genres = try container.decodeIfPresent([String].self, forKey: .genres)
        catalog.maturityRating = try container.decodeIfPresent(String.self, forKey: .maturityRating)
        catalog.language = try container.nullable(String.self, forKey: .language)
        catalog.releaseYear = try container.nullable(Int.self, forKey: .releaseYear)
        catalog.availableFrom = try container.nullable(String.self, forKey: .availableFrom)
        catalog.availableUntil = try container.nullable(String.self, forKey: .availableUntil)
        catalog.regions = try container.nullable(RegionsBody.self, forKey: .regions).map { $0.map { ($0.mode, $0.countries) } }
        catalog.publishAt = try container.nullable(String.self, forKey: .publishAt)
    }
}
