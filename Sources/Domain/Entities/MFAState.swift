#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Time-based one-time-password (RFC 6238) state of an account.
public struct MFAState: Sendable, Equatable {
    /// Base32 secret; present once set-up has started, even before it is enabled.
    public var secret: String?
    /// Whether a code is required to sign in.
    public var enabled: Bool
    /// The last TOTP time step accepted, so that one code cannot be replayed.
    public var lastUsedStep: Int64?

    public init(secret: String? = nil, enabled: Bool = false, lastUsedStep: Int64? = nil) {
        self.secret = secret
        self.enabled = enabled
        self.lastUsedStep = lastUsedStep
    }

    public static let disabled = MFAState()
}
