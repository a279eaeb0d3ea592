import Domain
import Foundation
import Hummingbird
import UseCases

struct AdminUserResponse: ResponseEncodable {
    var user: UserResponse
    var plan: PlanResponse
}
