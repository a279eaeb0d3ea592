import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Creates an account with its first profile and signs it in.
public struct RegisterUser: Sendable {
    public struct Input: Sendable {
        public var email: String
        public var password: String
        public var displayName: String
        public var clientAddress: String

        public init(email: String, password: String, displayName: String, clientAddress: String) {
            self.email = email
            self.password = password
            self.displayName = displayName
            self.clientAddress = clientAddress
        }
    }

    let users: any UserRepository
    let hasher: any PasswordHasher
    let sessions: SessionIssuer
    let rateLimits: AuthRateLimits
    let clock: any DateProvider

    public init(
        users: any UserRepository, hasher: any PasswordHasher, sessions: SessionIssuer, rateLimits: AuthRateLimits,
        clock: any DateProvider
    ) {
        self.users = users
        self.hasher = hasher
        self.sessions = sessions
        self.rateLimits = rateLimits
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> IssuedSession {
        let email = try EmailAddress(input.email)
        try await rateLimits.check(action: "register", clientAddress: input.clientAddress, email: email.value)
        try PasswordPolicy.validate(input.password)
        let displayName = try DisplayName.validate(input.displayName, field: "displayName")
        let hash = try await hasher.hash(input.password)
        let now = clock.now()
        let user = User(
            id: UUID(), email: email, displayName: displayName, role: .user, status: .active, passwordHash: hash,
            mfa: .disabled, createdAt: now, updatedAt: now)
        let profile = Profile(
            id: UUID(), userId: user.id, name: displayName, avatarURL: nil, isKids: false, createdAt: now,
            updatedAt: now)
        try await users.create(user, firstProfile: profile)
        return try await sessions.startSession(for: user)
    }
}
