import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Changes one of the caller's profiles. Another account's profile is reported as not found.
public struct UpdateProfile: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var profileId: UUID
        public var name: String?
        /// `.some(nil)` clears the avatar.
        public var avatarURL: String??
        public var isKids: Bool?
        public var maxMaturity: String?

        public init(
            principal: Principal, profileId: UUID, name: String?, avatarURL: String??, isKids: Bool?, maxMaturity: String? = nil
        ) {
            self.principal = principal
            self.profileId = profileId
            self.name = name
            self.avatarURL = avatarURL
            self.isKids = isKids
            self.maxMaturity = maxMaturity
        }
    }

    let users: any UserRepository
    let profiles: any ProfileRepository
    let clock: any DateProvider

    public init(users: any UserRepository, profiles: any ProfileRepository, clock: any DateProvider) {
        self.users = users
        self.profiles = profiles
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> Profile {
        let user = try await users.activeUser(input.principal)
        let name = try input.name.map { name throws(ValidationError) in try DisplayName.validate(name, field: "name") }
        let avatar: String?? = try input.avatarURL.map { url throws(ValidationError) in try AvatarURL.validate(url) }
        let isKids = input.isKids
        let limit = try input.maxMaturity.map { raw throws(ValidationError) in try MaturityRating.parse(raw, field: "maxMaturity") }
        let now = clock.now()
        guard
            let profile = try await profiles.update(
                id: input.profileId, userId: user.id,
                { profile in
                    if let name { profile.name = name }
                    if let avatar { profile.avatarURL = avatar }
                    try profile.setMaturity(isKids: isKids, maxMaturity: limit)
                    profile.updatedAt = now
                })
        else { throw ProfileError.notFound }
        return profile
    }
}
