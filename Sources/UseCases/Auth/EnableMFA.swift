import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Confirms TOTP enrolment with a code from the authenticator; from then on login needs a code.
public struct EnableMFA: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var code: String

        public init(principal: Principal, code: String) {
            self.principal = principal
            self.code = code
        }
    }

    let users: any UserRepository
    let otp: any OneTimePasswordService
    let clock: any DateProvider

    public init(users: any UserRepository, otp: any OneTimePasswordService, clock: any DateProvider) {
        self.users = users
        self.otp = otp
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> User {
        _ = try await users.activeUser(input.principal)
        let otp = self.otp
        let now = clock.now()
        let code = input.code
        guard
            let user = try await users.update(
                id: input.principal.userId,
                { user in
                    guard !user.mfa.enabled else { throw AuthError.mfaAlreadyEnabled }
                    guard let secret = user.mfa.secret else { throw AuthError.mfaNotSetUp }
                    guard let step = otp.matchingStep(code: code, secret: secret, at: now) else {
                        throw AuthError.invalidMFACode
                    }
                    user.mfa.enabled = true
                    user.mfa.lastUsedStep = step
                })
        else { throw AuthError.unauthenticated }
        return user
    }
}
