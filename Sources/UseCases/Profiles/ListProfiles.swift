import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The caller's profiles.
public struct ListProfiles: Sendable {
    public struct Input: Sendable {
        public var principal: Principal

        public init(principal: Principal) {
            self.principal = principal
        }
    }

    let users: any UserRepository
    let profiles: any ProfileRepository

    public init(users: any UserRepository, profiles: any ProfileRepository) {
        self.users = users
        self.profiles = profiles
    }

    public func execute(_ input: Input) async throws -> [Profile] {
        let user = try await users.activeUser(input.principal)
        return try await profiles.list(userId: user.id)
    }
}
