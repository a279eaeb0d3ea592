import Domain
import Hummingbird

/// One catalog entry: `{"type": "video", "video": {...}}` or `{"type": "series", "series": {...}}`.
struct CatalogItemResponse: ResponseEncodable {
    let item: CatalogItem

    enum CodingKeys: String, CodingKey { case type, video, series }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch item {
        case .video(let video):
            try container.encode("video", forKey: .type)
            try container.encode(VideoResponse(video), forKey: .video)
        case .series(let series):
            try container.encode("series", forKey: .type)
            try container.encode(SeriesResponse(series), forKey: .series)
        }
    }
}
