import Domain
import Foundation
import Hummingbird
import UseCases

struct UserResponse: ResponseEncodable {
    var id: String
    var email: String
    var displayName: String
    var role: String
    var status: String
    var mfaEnabled: Bool
    var handle: String?
    var channelDescription: String
    var createdAt: Date
    var updatedAt: Date

    init(_ user: User) {
        self.id = user.id.lowercasedString
        self.email = user.email.value
        self.displayName = user.displayName
        self.role = user.role.rawValue
        self.status = user.status.rawValue
        self.mfaEnabled = user.mfa.enabled
        self.handle = user.handle
        self.channelDescription = user.channelDescription
        self.createdAt = user.createdAt
        self.updatedAt = user.updatedAt
    }
}
