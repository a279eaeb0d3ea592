import Adapters
import Domain
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

struct HealthResponse: ResponseEncodable {
    var status: String
}
