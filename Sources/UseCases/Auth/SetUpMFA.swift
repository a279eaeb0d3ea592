import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Starts TOTP enrolment: stores a fresh secret (not yet enforced) and returns it with its otpauth URI.
public struct SetUpMFA: Sendable {
    public struct Input: Sendable {
        public var principal: Principal

        public init(principal: Principal) {
            self.principal = principal
        }
    }

    public struct Output: Sendable, Equatable {
        public var secret: String
        public var otpauthURI: String
    }

    let users: any UserRepository
    let otp: any OneTimePasswordService
    let issuer: String

    public init(users: any UserRepository, otp: any OneTimePasswordService, issuer: String) {
        self.users = users
        self.otp = otp
        self.issuer = issuer
    }

    public func execute(_ input: Input) async throws -> Output {
        _ = try await users.activeUser(input.principal)
        let secret = otp.generateSecret()
        guard
            let user = try await users.update(
                id: input.principal.userId,
                { user in
                    guard !user.mfa.enabled else { throw AuthError.mfaAlreadyEnabled }
                    user.mfa = MFAState(secret: secret, enabled: false, lastUsedStep: nil)
                })
        else { throw AuthError.unauthenticated }
        return Output(secret: secret, otpauthURI: otp.provisioningURI(secret: secret, account: user.email.value, issuer: issuer))
    }
}
