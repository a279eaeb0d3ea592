import Domain
import Foundation
import Hummingbird
import UseCases

struct SessionResponse: ResponseEncodable {
    var accessToken: String
    var refreshToken: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var user: UserResponse

    init(_ session: IssuedSession) {
        self.accessToken = session.accessToken
        self.refreshToken = session.refreshToken
        self.expiresIn = session.expiresIn
        self.user = UserResponse(session.user)
    }
}
