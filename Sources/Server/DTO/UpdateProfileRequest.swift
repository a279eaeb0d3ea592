import Domain
import Foundation
import Hummingbird

/// A PATCH body: an absent `avatarUrl` leaves it alone, `null` clears it.
struct UpdateProfileRequest: Decodable {
    var name: String?
    var avatarUrl: String??
    var isKids: Bool?
    var maxMaturity: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        isKids = try container.decodeIfPresent(Bool.self, forKey: .isKids)
        maxMaturity = try container.decodeIfPresent(String.self, forKey: .maxMaturity)
        avatarUrl = try container.nullable(String.self, forKey: .avatarUrl)
    }

    enum CodingKeys: String, CodingKey { case name, avatarUrl, isKids, maxMaturity }
}
