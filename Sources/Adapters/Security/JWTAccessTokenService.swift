import Domain
import Foundation
import JWTKit

/// HS256 access tokens with a `kid` header; older keys can be kept for verification while keys rotate.
public struct JWTAccessTokenService: AccessTokenService {
    /// One HMAC key and its identifier.
    public struct SigningKey: Sendable {
        public var kid: String
        public var secret: String

        public init(kid: String, secret: String) {
            self.kid = kid
            self.secret = secret
        }
    }

    public static let issuer = "zviewer"

    let keys: JWTKeyCollection
    let currentKid: String
    public let lifetime: Duration
    /// Tokens already verified, so a player's heartbeat every 30 s does not pay for a signature check, two JSON
    /// decodes and a hop onto jwt-kit's key-collection actor each time. Keyed by the whole token text (signature
    /// included): only the exact bytes that passed verification hit; expiry is still checked on every hit.
    let verified: VerifiedTokenCache<AccessTokenClaims>
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - current: the key that signs new tokens.
    ///   - previous: keys still accepted for verification.
    ///   - cacheCapacity: how many verified tokens are remembered (0 turns the cache off).
    ///   - now: the clock expiry is checked against (jwt-kit reads the system clock the same way).
    public init(
        current: SigningKey, previous: [SigningKey] = [], lifetime: Duration, cacheCapacity: Int = 50_000,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async {
        let keys = JWTKeyCollection()
        for key in [current] + previous {
            await keys.add(hmac: HMACKey(from: key.secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.kid))
        }
        self.keys = keys
        self.currentKid = current.kid
        self.lifetime = lifetime
        self.verified = VerifiedTokenCache(capacity: cacheCapacity, expiry: \.expiresAt)
        self.now = now
    }

    public func issue(userId: UUID, role: Role, sessionId: UUID, now: Date) async throws -> String {
        let payload = AccessTokenPayload(
            sub: .init(value: userId.lowercasedString),
            iss: .init(value: Self.issuer),
            iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(TimeInterval(lifetime.components.seconds))),
            role: role.rawValue,
            sid: sessionId.lowercasedString)
        return try await keys.sign(payload, kid: JWKIdentifier(string: currentKid))
    }

    public func verify(_ token: String) async throws -> AccessTokenClaims {
        let now = now()
        if let claims = verified.value(for: token), claims.expiresAt > now { return claims }
        let payload: AccessTokenPayload
        do {
            payload = try await keys.verify(token, as: AccessTokenPayload.self)
        } catch {
            throw AuthError.unauthenticated
        }
        // jwt-kit checked `exp` against the system clock; the injected clock is the one hits are checked against.
        guard payload.exp.value > now, let userId = UUID(uuidString: payload.sub.value), let role = Role(rawValue: payload.role) else {
            throw AuthError.unauthenticated
        }
        let claims = AccessTokenClaims(
            userId: userId, role: role, sessionId: payload.sid.flatMap(UUID.init(uuidString:)),
            expiresAt: payload.exp.value)
        verified.insert(claims, for: token, now: now)
        return claims
    }

    /// How many verified tokens are remembered now (bounded by the capacity).
    public var cachedTokenCount: Int { verified.count }
}
