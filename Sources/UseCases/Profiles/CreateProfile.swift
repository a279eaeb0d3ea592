import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Adds a profile to the caller's account (at most `Profile.maximumPerAccount`).
public struct CreateProfile: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var name: String
        public var avatarURL: String?
        public var isKids: Bool
        public var maxMaturity: String?

        public init(principal: Principal, name: String, avatarURL: String?, isKids: Bool, maxMaturity: String? = nil) {
            self.principal = principal
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
        let name = try DisplayName.validate(input.name, field: "name")
        let avatar = try AvatarURL.validate(input.avatarURL)
        let limit = try input.maxMaturity.map { raw throws(ValidationError) in try MaturityRating.parse(raw, field: "maxMaturity") }
        let now = clock.now()
        var profile = Profile(
            id: UUID(), userId: user.id, name: name, avatarURL: avatar, isKids: input.isKids, createdAt: now,
            updatedAt: now)
        try profile.setMaturity(isKids: input.isKids, maxMaturity: limit)
        try await profiles.create(profile, maximum: Profile.maximumPerAccount)
        return profile
    }
}
