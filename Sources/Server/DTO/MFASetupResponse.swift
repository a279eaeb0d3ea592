import Domain
import Foundation
import Hummingbird
import UseCases

struct MFASetupResponse: ResponseEncodable {
    var secret: String
    var otpauthUri: String
}
