import Domain
import Foundation
import Hummingbird
import UseCases

struct LoginRequest: Decodable {
    var email: String
    var password: String
    var totpCode: String?
}
