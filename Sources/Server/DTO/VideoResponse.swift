import Domain
import Foundation
import Hummingbird
import UseCases

/// A video as the API shows it: details, processing, catalog fields and, for this caller, whether they may watch it.
struct VideoResponse: ResponseEncodable {
    let video: Video
    let unavailableReason: UnavailableReason?
    let nextEpisodeId: UUID?

    init(_ video: Video) {
        self.video = video
        self.unavailableReason = nil
        self.nextEpisodeId = nil
    }

    init(_ view: VideoView) {
        self.video = view.video
        self.unavailableReason = view.unavailableReason
        self.nextEpisodeId = view.nextEpisodeId
    }

    enum CodingKeys: String, CodingKey {
        case id, ownerId, title, description, tags, visibility, status, failureReason, originalFilename, sizeBytes,
            outputBytes, createdAt, updatedAt, durationSeconds, renditions, viewCount, kind, genres, maturityRating, language,
            releaseYear, availableFrom, availableUntil, regions, publishAt, publishedAt, available, unavailableReason, series,
            seasonNumber, episodeNumber, nextEpisodeId
    }

    struct RenditionSummary: Encodable {
        var name: String
        var width: Int
        var height: Int
        var bitrate: Int
        var codecs: String
    }

    struct SeriesSummary: Encodable {
        var id: String
        var title: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(video.id.lowercasedString, forKey: .id)
        try container.encode(video.ownerId.lowercasedString, forKey: .ownerId)
        try container.encode(video.title, forKey: .title)
        try container.encode(video.description, forKey: .description)
        try container.encode(video.tags, forKey: .tags)
        try container.encode(video.visibility, forKey: .visibility)
        try container.encode(video.status, forKey: .status)
        try container.encode(video.failureReason, forKey: .failureReason)
        try container.encode(video.originalFilename, forKey: .originalFilename)
        try container.encode(video.sizeBytes, forKey: .sizeBytes)
        try container.encode(video.outputBytes, forKey: .outputBytes)
        try container.encode(video.createdAt, forKey: .createdAt)
        try container.encode(video.updatedAt, forKey: .updatedAt)
        try container.encode(video.media?.durationSeconds, forKey: .durationSeconds)
        let renditions = video.media?.renditions.map {
            RenditionSummary(name: $0.name, width: $0.width, height: $0.height, bitrate: $0.averageBitRate, codecs: $0.codecs)
        }
        try container.encode(renditions ?? [], forKey: .renditions)
        try container.encode(video.viewCount, forKey: .viewCount)
        let catalog = video.catalog
        try container.encode(catalog.kind, forKey: .kind)
        try container.encode(catalog.genres, forKey: .genres)
        try container.encode(catalog.maturity, forKey: .maturityRating)
        try container.encode(catalog.language?.value, forKey: .language)
        try container.encode(catalog.releaseYear, forKey: .releaseYear)
        try container.encode(catalog.availableFrom, forKey: .availableFrom)
        try container.encode(catalog.availableUntil, forKey: .availableUntil)
        try container.encode(catalog.regions.map(RegionsBody.init), forKey: .regions)
        try container.encode(catalog.publishAt, forKey: .publishAt)
        try container.encode(catalog.publishedAt, forKey: .publishedAt)
        try container.encode(unavailableReason == nil, forKey: .available)
        try container.encode(unavailableReason, forKey: .unavailableReason)
        let series = catalog.episode.map {
            SeriesSummary(id: $0.seriesId.lowercasedString, title: catalog.seriesTitle ?? "")
        }
        try container.encode(series, forKey: .series)
        try container.encode(catalog.episode?.seasonNumber, forKey: .seasonNumber)
        try container.encode(catalog.episode?.episodeNumber, forKey: .episodeNumber)
        try container.encode(nextEpisodeId?.lowercasedString, forKey: .nextEpisodeId)
    }
}
