#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Authentication and authorisation failures.
public enum AuthError: Error, Sendable, Equatable {
    /// Unknown email or wrong password (deliberately indistinguishable).
    case invalidCredentials
    /// The account has MFA enabled and no valid code was given.
    case mfaRequired
    /// A TOTP code was given but is wrong or already used.
    case invalidMFACode
    case mfaAlreadyEnabled
    case mfaNotSetUp
    case mfaNotEnabled
    case accountSuspended
    /// Missing, malformed, expired or badly signed access token.
    case unauthenticated
    /// Refresh token unknown, expired, revoked or reused.
    case invalidRefreshToken
    /// The principal may not do this.
    case forbidden
    case emailTaken
    /// A password change without the right current password.
    case wrongCurrentPassword
}
