import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Exchanges a refresh token for new tokens, rotating it; a reused token revokes its whole family.
public struct RefreshSession: Sendable {
    public struct Input: Sendable {
        public var refreshToken: String

        public init(refreshToken: String) {
            self.refreshToken = refreshToken
        }
    }

    let users: any UserRepository
    let refreshTokens: any RefreshTokenRepository
    let tokens: any SecureTokenGenerator
    let sessions: SessionIssuer
    let clock: any DateProvider

    public init(
        users: any UserRepository, refreshTokens: any RefreshTokenRepository, tokens: any SecureTokenGenerator,
        sessions: SessionIssuer, clock: any DateProvider
    ) {
        self.users = users
        self.refreshTokens = refreshTokens
        self.tokens = tokens
        self.sessions = sessions
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> IssuedSession {
        guard !input.refreshToken.isEmpty, input.refreshToken.utf8.count <= 512 else {
            throw AuthError.invalidRefreshToken
        }
        let now = clock.now()
        let successorPlain = tokens.makeToken()
        let successorHash = tokens.hash(successorPlain)
        let sessions = self.sessions
        // The one rule: live tokens rotate, a used one is a theft signal, revoked or expired ones are refused.
        let decide: @Sendable (RefreshToken) -> RefreshTokenDecision = { token in
            if token.revokedAt != nil { return .reject }
            if token.usedAt != nil { return .revokeFamily }
            if token.expiresAt <= now { return .reject }
            return .rotate(
                successor: sessions.makeRefreshToken(
                    hash: successorHash, userId: token.userId, familyId: token.familyId, now: now))
        }
        let presented = try await refreshTokens.withLockedToken(hash: tokens.hash(input.refreshToken), decide)
        guard let presented, case .rotate = decide(presented) else { throw AuthError.invalidRefreshToken }
        guard let user = try await users.find(id: presented.userId) else { throw AuthError.invalidRefreshToken }
        guard user.status == .active else {
            _ = try await refreshTokens.revokeFamily(ofHash: successorHash, at: now)
            throw AuthError.accountSuspended
        }
        return try await sessions.session(
            for: user, refreshToken: successorPlain, familyId: presented.familyId, now: now)
    }
}
