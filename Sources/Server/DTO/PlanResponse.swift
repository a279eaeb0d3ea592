import Domain
import Foundation
import Hummingbird
import UseCases

struct PlanResponse: ResponseEncodable {
    var id: String
    var name: String
    var maxStreams: Int
    /// `720p`; nil: the top rung of every video.
    var maxResolution: String?
    var priceCents: Int
    var currency: String

    init(_ plan: Plan) {
        id = plan.id
        name = plan.name
        maxStreams = plan.maxStreams
        maxResolution = plan.maxHeight.map { "\($0)p" }
        priceCents = plan.priceCents
        currency = plan.currency
    }
}
