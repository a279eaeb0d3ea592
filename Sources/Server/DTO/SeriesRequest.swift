import Foundation
import UseCases

/// A series POST or PATCH body; `language: null` clears the language.
struct SeriesRequest: Decodable {
    var details: SeriesDetails

    enum CodingKeys: String, CodingKey { case title, description, genres, maturityRating, language }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        details = SeriesDetails(
            title: try container.decodeIfPresent(String.self, forKey: .title),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            genres: try container.decodeIfPresent([String].self, forKey: .genres),
            maturityRating: try container.decodeIfPresent(String.self, forKey: .maturityRating),
            language: try container.nullable(String.self, forKey: .language))
    }
}
