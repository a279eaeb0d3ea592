import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks credentials (and the TOTP code when MFA is on) and starts a session.
public struct LoginUser: Sendable {
    public struct Input: Sendable {
        public var email: String
        public var password: String
        public var totpCode: String?
        public var clientAddress: String

        public init(email: String, password: String, totpCode: String?, clientAddress: String) {
            self.email = email
            self.password = password
            self.totpCode = totpCode
            self.clientAddress = clientAddress
        }
    }

    let users: any UserRepository
    let hasher: any PasswordHasher
    let otp: any OneTimePasswordService
    let sessions: SessionIssuer
    let rateLimits: AuthRateLimits
    let clock: any DateProvider

    public init(
        users: any UserRepository, hasher: any PasswordHasher, otp: any OneTimePasswordService,
        sessions: SessionIssuer, rateLimits: AuthRateLimits, clock: any DateProvider
    ) {
        self.users = users
        self.hasher = hasher
        self.otp = otp
        self.sessions = sessions
        self.rateLimits = rateLimits
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> IssuedSession {
        // A malformed address cannot belong to an account: same answer as a wrong password.
        guard let email = try? EmailAddress(input.email), input.password.count <= PasswordPolicy.maximumLength else {
            throw AuthError.invalidCredentials
        }
        try await rateLimits.check(action: "login", clientAddress: input.clientAddress, email: email.value)
        guard let user = try await users.find(email: email) else {
            try await hasher.verifyAgainstDummy(input.password)
            throw AuthError.invalidCredentials
        }
        guard try await hasher.verify(input.password, against: user.passwordHash) else {
            throw AuthError.invalidCredentials
        }
        guard user.status == .active else { throw AuthError.accountSuspended }
        var signedIn = user
        if user.mfa.enabled {
            guard let code = input.totpCode else { throw AuthError.mfaRequired }
            let otp = self.otp
            let now = clock.now()
            guard
                let updated = try await users.update(
                    id: user.id,
                    { current in
                        guard let secret = current.mfa.secret,
                            let step = otp.matchingStep(code: code, secret: secret, at: now),
                            step > (current.mfa.lastUsedStep ?? Int64.min)
                        else { throw AuthError.mfaRequired }
                        current.mfa.lastUsedStep = step
                    })
            else { throw AuthError.invalidCredentials }
            signedIn = updated
        }
        if hasher.needsRehash(signedIn.passwordHash) {
            // Made before every byte of a password counted: stored the current way now that the password is known.
            let rehashed = try await hasher.hash(input.password)
            signedIn = try await users.update(id: user.id, { $0.passwordHash = rehashed }) ?? signedIn
        }
        return try await sessions.startSession(for: signedIn)
    }
}
