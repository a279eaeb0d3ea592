import Domain
import Foundation
import Hummingbird
import UseCases

struct HeartbeatRequest: Decodable {
    var positionSeconds: Double
    var rendition: String?
    var bufferHealthSeconds: Double?
    var bitrate: Int64?
}
