import Domain
import Foundation
import Hummingbird

struct ProfileResponse: ResponseEncodable {
    var id: String
    var name: String
    var avatarUrl: String?
    var isKids: Bool
    var maxMaturity: String
    var createdAt: Date
    var updatedAt: Date

    init(_ profile: Profile) {
        self.id = profile.id.lowercasedString
        self.name = profile.name
        self.avatarUrl = profile.avatarURL
        self.isKids = profile.isKids
        self.maxMaturity = profile.maxMaturity.rawValue
        self.createdAt = profile.createdAt
        self.updatedAt = profile.updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(avatarUrl, forKey: .avatarUrl)
        try container.encode(isKids, forKey: .isKids)
        try container.encode(maxMaturity, forKey: .maxMaturity)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey { case id, name, avatarUrl, isKids, maxMaturity, createdAt, updatedAt }
}
