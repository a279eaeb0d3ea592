import Domain
import Foundation
import Hummingbird
import UseCases

struct MFACodeRequest: Decodable {
    var code: String
}
