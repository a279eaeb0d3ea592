import Domain
import Foundation
import Hummingbird
import UseCases

struct StopRequest: Decodable {
    var positionSeconds: Double?
}
