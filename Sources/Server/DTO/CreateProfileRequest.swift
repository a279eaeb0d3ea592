import Domain
import Foundation
import Hummingbird

struct CreateProfileRequest: Decodable {
    var name: String
    var avatarUrl: String?
    var isKids: Bool?
    var maxMaturity: String?
}
