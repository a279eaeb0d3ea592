import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Removes one of the caller's profiles; the last one stays.
public struct DeleteProfile: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var profileId: UUID

        public init(principal: Principal, profileId: UUID) {
            self.principal = principal
            self.profileId = profileId
        }
    }

    let users: any UserRepository
    let profiles: any ProfileRepository

    public init(users: any UserRepository, profiles: any ProfileRepository) {
        self.users = users
        self.profiles = profiles
    }

    public func execute(_ input: Input) async throws {
        let user = try await users.activeUser(input.principal)
        guard try await profiles.delete(id: input.profileId, userId: user.id) else { throw ProfileError.notFound }
    }
}
