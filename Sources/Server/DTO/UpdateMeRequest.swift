import Domain
import Foundation
import Hummingbird
import UseCases

struct UpdateMeRequest: Decodable {
    var displayName: String?
    var currentPassword: String?
    var newPassword: String?
    var handle: String?
    var channelDescription: String?
}
