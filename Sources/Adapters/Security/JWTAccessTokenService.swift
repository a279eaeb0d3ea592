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

    /// - Parameters:
    ///   - current: the key that signs new tokens.
    ///   - previous: keys still accepted for verification.
    public init(current: SigningKey, previous: [SigningKey] = [], lifetime: Duration) async {
        let keys = JWTKeyCollection()
        for key in [current] + previous {
            await keys.add(hmac: HMACKey(from: key.secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.kid))
        }
        self.keys = keys
        self.currentKid = current.kid
        self.lifetime = lifetime
    }

    public func issue(userId: UUID, role: Role, sessionId: UUID, now: Date) async throws -> String {
        let payload = AccessTokenPayload(
            sub: .init(value: userId.uuidString.lowercased()),
            iss: .init(value: Self.issuer),
            iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(TimeInterval(lifetime.components.seconds))),
            role: role.rawValue,
            sid: sessionId.uuidString.lowercased())
        return try await keys.sign(payload, kid: JWKIdentifier(string: currentKid))
    }

    public func verify(_ token: String) async throws -> AccessTokenClaims {
        let payload: AccessTokenPayload
        do {
            payload = try await keys.verify(token, as: AccessTokenPayload.self)
        } catch {
            throw AuthError.unauthenticated
        }
        guard let userId = UUID(uuidString: payload.sub.value), let role = Role(rawValue: payload.role) else {
            throw AuthError.unauthenticated
        }
        return AccessTokenClaims(
            userId: userId, role: role, sessionId: payload.sid.flatMap(UUID.init(uuidString:)),
            expiresAt: payload.exp.value)
    }
}

/// The claims zviewer signs.
struct AccessTokenPayload: JWTPayload {
    var sub: SubjectClaim
    var iss: IssuerClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var role: String
    var sid: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == JWTAccessTokenService.issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "unexpected issuer")
        }
    }
}
