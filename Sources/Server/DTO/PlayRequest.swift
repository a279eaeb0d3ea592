import Domain
import Foundation
import Hummingbird
import UseCases

struct PlayRequest: Decodable {
    var profileId: String
    var deviceId: String
    var deviceName: String
}
