import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Issues an access token and a refresh token for a user: shared by register, login and refresh.
public struct SessionIssuer: Sendable {
    let accessTokens: any AccessTokenService
    let refreshTokens: any RefreshTokenRepository
    let tokens: any SecureTokenGenerator
    let clock: any DateProvider
    let refreshLifetime: Duration

    public init(
        accessTokens: any AccessTokenService, refreshTokens: any RefreshTokenRepository,
        tokens: any SecureTokenGenerator, clock: any DateProvider, refreshLifetime: Duration
    ) {
        self.accessTokens = accessTokens
        self.refreshTokens = refreshTokens
        self.tokens = tokens
        self.clock = clock
        self.refreshLifetime = refreshLifetime
    }

    /// Starts a new token family (a new login session).
    func startSession(for user: User) async throws -> IssuedSession {
        let now = clock.now()
        let plain = tokens.makeToken()
        let record = makeRefreshToken(hash: tokens.hash(plain), userId: user.id, familyId: UUID(), now: now)
        try await refreshTokens.insert(record)
        return try await session(for: user, refreshToken: plain, familyId: record.familyId, now: now)
    }

    /// A refresh-token record for the family, expiring after the configured lifetime.
    func makeRefreshToken(hash: String, userId: UUID, familyId: UUID, now: Date) -> RefreshToken {
        RefreshToken(
            id: UUID(), userId: userId, familyId: familyId, tokenHash: hash, createdAt: now,
            expiresAt: now.addingTimeInterval(refreshLifetime.seconds))
    }

    /// Signs an access token to go with an already stored refresh token.
    func session(for user: User, refreshToken: String, familyId: UUID, now: Date) async throws -> IssuedSession {
        let access = try await accessTokens.issue(userId: user.id, role: user.role, sessionId: familyId, now: now)
        return IssuedSession(
            accessToken: access, refreshToken: refreshToken, expiresIn: Int(accessTokens.lifetime.seconds), user: user)
    }
}
