import Domain
import Foundation
import Hummingbird
import UseCases

struct StreamsResponse: ResponseEncodable {
    var plan: PlanResponse
    var maxStreams: Int
    var items: [StreamResponse]
}
