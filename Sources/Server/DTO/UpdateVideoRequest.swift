import Domain
import Foundation
import Hummingbird

struct UpdateVideoRequest: Decodable {
    var title: String?
    var description: String?
    var tags: [String]?
    var visibility: String?
}
