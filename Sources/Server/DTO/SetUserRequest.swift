import Domain
import Foundation
import Hummingbird
import UseCases

struct SetUserRequest: Decodable {
    var plan: String?
    var role: String?
}
