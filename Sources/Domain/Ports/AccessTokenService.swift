#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Issues and verifies short-lived signed access tokens.
public protocol AccessTokenService: Sendable {
    /// How long an access token lives.
    var lifetime: Duration { get }
    /// Signs a token for the user.
    func issue(userId: UUID, role: Role, sessionId: UUID, now: Date) async throws -> String
    /// Verifies signature, algorithm and expiry; throws `AuthError.unauthenticated` otherwise.
    func verify(_ token: String) async throws -> AccessTokenClaims
}
