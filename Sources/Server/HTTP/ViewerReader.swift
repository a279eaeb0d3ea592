import Domain
import Foundation
import Hummingbird
import UseCases

/// Reads who is asking from a request: the principal, `?profileId=` and the country.
struct ViewerReader: Sendable {
    let countries: CountryResolver

    func viewer(_ request: Request, context: AppRequestContext) throws -> Viewer {
        var profileId: UUID?
        if let raw = request.queryString("profileId") {
            guard let id = UUID(text: raw) else {
                throw RequestError.invalidParameter(name: "profileId", message: "profileId must be the id of one of your profiles")
            }
            profileId = id
        }
        return Viewer(principal: context.principal, profileId: profileId, country: countries.country(of: request, context: context))
    }
}
