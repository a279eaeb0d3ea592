#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 6238 time-based one-time passwords.
public protocol OneTimePasswordService: Sendable {
    /// A new random base32 secret.
    func generateSecret() -> String
    /// The `otpauth://` URI an authenticator app scans.
    func provisioningURI(secret: String, account: String, issuer: String) -> String
    /// The time step the code matches (allowing one step of clock drift either side), or nil.
    func matchingStep(code: String, secret: String, at date: Date) -> Int64?
}
