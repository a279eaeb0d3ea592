import Adapters
import Domain
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

struct ReadinessResponse: ResponseEncodable {
    struct Checks: Codable {
        var postgres: String
        var redis: String
        var storage: String
    }

    var status: String
    var checks: Checks
}
