import Domain
import Foundation
import Hummingbird
import UseCases

struct RegisterRequest: Decodable {
    var email: String
    var password: String
    var displayName: String
}
