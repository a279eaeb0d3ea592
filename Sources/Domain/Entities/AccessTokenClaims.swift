#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What an access token says once verified.
public struct AccessTokenClaims: Sendable, Equatable {
    public var userId: UUID
    public var role: Role
    public var sessionId: UUID?
    public var expiresAt: Date

    public init(userId: UUID, role: Role, sessionId: UUID?, expiresAt: Date) {
        self.userId = userId
        self.role = role
        self.sessionId = sessionId
        self.expiresAt = expiresAt
    }
}
