import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a bearer token into the principal making the request.
public struct AuthenticateAccessToken: Sendable {
    let accessTokens: any AccessTokenService

    public init(accessTokens: any AccessTokenService) {
        self.accessTokens = accessTokens
    }

    public func execute(_ token: String) async throws -> Principal {
        guard !token.isEmpty, token.utf8.count <= 4096 else { throw AuthError.unauthenticated }
        let claims = try await accessTokens.verify(token)
        return Principal(userId: claims.userId, role: claims.role, sessionId: claims.sessionId)
    }
}
