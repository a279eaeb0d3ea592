import Domain
import Foundation
import Hummingbird
import UseCases

struct RefreshTokenRequest: Decodable {
    var refreshToken: String
}
