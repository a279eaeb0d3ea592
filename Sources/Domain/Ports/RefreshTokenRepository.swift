#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable store of hashed refresh tokens.
public protocol RefreshTokenRepository: Sendable {
    /// Stores a new token.
    func insert(_ token: RefreshToken) async throws
    /// Locks the token with this hash, lets `decide` choose what happens and applies it in one transaction.
    /// Returns the token as it was before the decision, or nil if unknown.
    func withLockedToken(
        hash: String, _ decide: @Sendable (RefreshToken) -> RefreshTokenDecision
    ) async throws -> RefreshToken?
    /// Revokes every token of the family the token with this hash belongs to (logout); false when unknown.
    func revokeFamily(ofHash hash: String, at: Date) async throws -> Bool
    /// Revokes every live token of the user except those of `exceptFamily`.
    func revokeAll(userId: UUID, exceptFamily: UUID?, at: Date) async throws
    /// Deletes tokens that expired before `before`; returns how many.
    func deleteExpired(before: Date) async throws -> Int
}
