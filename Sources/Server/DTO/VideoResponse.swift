import Domain
import Foundation
import Hummingbird

struct VideoResponse: ResponseEncodable {
    let video: Video

    init(_ video: Video) { self.video = video }

    enum CodingKeys: String, CodingKey {
        case id, ownerId, title, description, tags, visibility, status, failureReason, originalFilename, sizeBytes,
            outputBytes, createdAt, updatedAt, durationSeconds, renditions, viewCount
    }

    struct RenditionSummary: Encodable {
        var name: String
        var width: Int
        var height: Int
        var bitrate: Int
        var codecs: String
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
    }
}
