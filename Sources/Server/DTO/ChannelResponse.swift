import Domain
import Foundation
import Hummingbird

struct ChannelResponse: ResponseEncodable {
    var id: String
    var handle: String?
    var displayName: String
    var description: String
    var videoCount: Int
    var createdAt: Date

    init(_ channel: Channel) {
        id = channel.id.lowercasedString
        handle = channel.handle
        displayName = channel.displayName
        description = channel.description
        videoCount = channel.videoCount
        createdAt = channel.createdAt
    }

    enum CodingKeys: String, CodingKey { case id, handle, displayName, description, videoCount, createdAt }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(handle, forKey: .handle)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(description, forKey: .description)
        try container.encode(videoCount, forKey: .videoCount)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
