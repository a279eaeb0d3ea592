#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stored refresh token. Only the hash of the opaque token is kept; tokens rotated from one login share a family.
public struct RefreshToken: Sendable, Equatable {
    public var id: UUID
    public var userId: UUID
    public var familyId: UUID
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?

    public init(
        id: UUID, userId: UUID, familyId: UUID, tokenHash: String, createdAt: Date, expiresAt: Date,
        usedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.userId = userId
        self.familyId = familyId
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }
}
