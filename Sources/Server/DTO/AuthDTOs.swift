import Domain
import Foundation
import Hummingbird
import UseCases

struct RegisterRequest: Decodable {
    var email: String
    var password: String
    var displayName: String
}

struct LoginRequest: Decodable {
    var email: String
    var password: String
    var totpCode: String?
}

struct RefreshTokenRequest: Decodable {
    var refreshToken: String
}

struct MFACodeRequest: Decodable {
    var code: String
}

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

struct MFASetupResponse: ResponseEncodable {
    var secret: String
    var otpauthUri: String
}

struct UserResponse: ResponseEncodable {
    var id: String
    var email: String
    var displayName: String
    var role: String
    var status: String
    var mfaEnabled: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ user: User) {
        self.id = user.id.lowercasedString
        self.email = user.email.value
        self.displayName = user.displayName
        self.role = user.role.rawValue
        self.status = user.status.rawValue
        self.mfaEnabled = user.mfa.enabled
        self.createdAt = user.createdAt
        self.updatedAt = user.updatedAt
    }
}

struct UpdateMeRequest: Decodable {
    var displayName: String?
    var currentPassword: String?
    var newPassword: String?
}

struct ListResponse<Item: Encodable & Sendable>: ResponseEncodable {
    var items: [Item]
    var nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        // Always present, null on the last page, so clients need not test for the key.
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }
}
