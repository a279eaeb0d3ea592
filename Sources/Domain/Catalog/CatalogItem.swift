#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One entry of the catalog: a movie or clip, or a series (never its episodes).
public enum CatalogItem: Sendable, Equatable {
    case video(Video)
    case series(Series)

    public var id: UUID {
        switch self {
        case .video(let video): video.id
        case .series(let series): series.id
        }
    }

    /// This item's key in `sort`.
    public func position(in sort: CatalogSort) -> CatalogPosition {
        switch (self, sort) {
        case (.video(let video), .newest): .init(key: .time(video.catalog.publishAt ?? video.createdAt), id: id)
        case (.series(let series), .newest): .init(key: .time(series.createdAt), id: id)
        case (.video(let video), .title): .init(key: .text(video.title), id: id)
        case (.series(let series), .title): .init(key: .text(series.title), id: id)
        case (.video(let video), .popular): .init(key: .count(video.viewCount), id: id)
        case (.series(let series), .popular): .init(key: .count(series.viewCount), id: id)
        }
    }
}
