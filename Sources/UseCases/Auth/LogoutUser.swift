import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Ends a login session: revokes the presented refresh token's family. Unknown tokens are ignored (idempotent).
public struct LogoutUser: Sendable {
    public struct Input: Sendable {
        public var refreshToken: String

        public init(refreshToken: String) {
            self.refreshToken = refreshToken
        }
    }

    let refreshTokens: any RefreshTokenRepository
    let tokens: any SecureTokenGenerator
    let clock: any DateProvider

    public init(refreshTokens: any RefreshTokenRepository, tokens: any SecureTokenGenerator, clock: any DateProvider) {
        self.refreshTokens = refreshTokens
        self.tokens = tokens
        self.clock = clock
    }

    public func execute(_ input: Input) async throws {
        guard !input.refreshToken.isEmpty, input.refreshToken.utf8.count <= 512 else { return }
        _ = try await refreshTokens.revokeFamily(ofHash: tokens.hash(input.refreshToken), at: clock.now())
    }
}
