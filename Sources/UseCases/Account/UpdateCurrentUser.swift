import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Changes the caller's display name, channel handle and description, and/or password. A password change needs the current password and signs
/// out every other session.
public struct UpdateCurrentUser: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var displayName: String?
        public var currentPassword: String?
        public var newPassword: String?
        public var handle: String?
        public var channelDescription: String?

        public init(
            principal: Principal, displayName: String?, currentPassword: String?, newPassword: String?, handle: String? = nil,
            channelDescription: String? = nil
        ) {
            self.principal = principal
            self.displayName = displayName
            self.currentPassword = currentPassword
            self.newPassword = newPassword
            self.handle = handle
            self.channelDescription = channelDescription
        }
    }

    let users: any UserRepository
    let hasher: any PasswordHasher
    let refreshTokens: any RefreshTokenRepository
    let clock: any DateProvider

    public init(
        users: any UserRepository, hasher: any PasswordHasher, refreshTokens: any RefreshTokenRepository,
        clock: any DateProvider
    ) {
        self.users = users
        self.hasher = hasher
        self.refreshTokens = refreshTokens
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> User {
        let current = try await users.activeUser(input.principal)
        let displayName = try input.displayName.map { name throws(ValidationError) in
            try DisplayName.validate(name, field: "displayName")
        }
        let handle = try input.handle.map { raw throws(ValidationError) in try ChannelHandle.validate(raw) }
        let about = try input.channelDescription.map { raw throws(ValidationError) in try ChannelHandle.description(raw) }
        var newHash: String?
        if let newPassword = input.newPassword {
            guard let currentPassword = input.currentPassword, !currentPassword.isEmpty else {
                throw ValidationError(
                    field: "currentPassword", code: "current_password_required",
                    message: "currentPassword is required to change the password")
            }
            try PasswordPolicy.validate(newPassword, field: "newPassword")
            guard currentPassword.count <= PasswordPolicy.maximumLength,
                try await hasher.verify(currentPassword, against: current.passwordHash)
            else { throw AuthError.wrongCurrentPassword }
            newHash = try await hasher.hash(newPassword)
        }
        let now = clock.now()
        let passwordHash = newHash
        guard
            let user = try await users.update(
                id: current.id,
                { user in
                    if let displayName { user.displayName = displayName }
                    if let passwordHash { user.passwordHash = passwordHash }
                    if let handle { user.handle = handle }
                    if let about { user.channelDescription = about }
                    user.updatedAt = now
                })
        else { throw AuthError.unauthenticated }
        if newHash != nil {
            try await refreshTokens.revokeAll(userId: user.id, exceptFamily: input.principal.sessionId, at: now)
        }
        return user
    }
}
