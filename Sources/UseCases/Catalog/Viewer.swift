import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who asks, for which of their profiles, from which country: what every viewer-facing use case takes.
public struct Viewer: Sendable {
    public var principal: Principal?
    public var profileId: UUID?
    public var country: CountryCode?

    public init(principal: Principal?, profileId: UUID? = nil, country: CountryCode? = nil) {
        self.principal = principal
        self.profileId = profileId
        self.country = country
    }
}
