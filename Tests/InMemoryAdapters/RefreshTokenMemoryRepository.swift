import Domain
import Foundation

/// In-memory `RefreshTokenRepository`.
public actor RefreshTokenMemoryRepository: RefreshTokenRepository {
    private var tokens: [UUID: RefreshToken] = [:]

    public init() {}

    public func insert(_ token: RefreshToken) async throws { tokens[token.id] = token }

    public func withLockedToken(
        hash: String, _ decide: @Sendable (RefreshToken) -> RefreshTokenDecision
    ) async throws
        -> RefreshToken?
    {
        guard let token = tokens.values.first(where: { $0.tokenHash == hash }) else { return nil }
        switch decide(token) {
        case .rotate(let successor):
            tokens[token.id]?.usedAt = successor.createdAt
            tokens[successor.id] = successor
        case .revokeFamily:
            for (id, other) in tokens where other.familyId == token.familyId && other.revokedAt == nil {
                tokens[id]?.revokedAt = Date()
            }
        case .reject:
            break
        }
        return token
    }

    public func revokeFamily(ofHash hash: String, at date: Date) async throws -> Bool {
        guard let token = tokens.values.first(where: { $0.tokenHash == hash }) else { return false }
        var any = false
        for (id, other) in tokens where other.familyId == token.familyId && other.revokedAt == nil {
            tokens[id]?.revokedAt = date
            any = true
        }
        return any
    }

    public func revokeAll(userId: UUID, exceptFamily: UUID?, at date: Date) async throws {
        for (id, token) in tokens where token.userId == userId && token.revokedAt == nil && token.familyId != exceptFamily {
            tokens[id]?.revokedAt = date
        }
    }

    public func deleteExpired(before date: Date) async throws -> Int {
        let expired = tokens.values.filter { $0.expiresAt < date }
        for token in expired { tokens[token.id] = nil }
        return expired.count
    }

    /// Test helper: every stored token.
    public func all() -> [RefreshToken] { Array(tokens.values) }
}
