import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a `Viewer` into the `Audience` the catalog rule is applied for: the account (checked active), the
/// profile's limit (the profile must be the caller's: another account's is not found), the country, the time.
struct AudienceResolver: Sendable {
    let users: any UserRepository
    let profiles: any ProfileRepository
    let clock: any DateProvider

    func resolve(_ viewer: Viewer) async throws -> (audience: Audience, user: User?) {
        let user = try await viewer.principal.asyncMap { try await users.activeUser($0) }
        var limit = MaturityRating.age18
        if let profileId = viewer.profileId {
            guard let user else { throw AuthError.unauthenticated }
            guard let profile = try await profiles.list(userId: user.id).first(where: { $0.id == profileId }) else {
                throw ProfileError.notFound
            }
            limit = profile.maxMaturity
        }
        let audience = Audience(viewerId: user?.id, role: user?.role, maxMaturity: limit, country: viewer.country, now: clock.now())
        return (audience, user)
    }
}
