#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What to do with a refresh token presented for rotation, decided while it is locked.
public enum RefreshTokenDecision: Sendable {
    /// Mark the presented token used and store its successor.
    case rotate(successor: RefreshToken)
    /// Revoke every token of the presented token's family (reuse detected).
    case revokeFamily
    /// Change nothing.
    case reject
}
