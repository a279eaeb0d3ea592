import Crypto
import Domain
import Foundation

/// Media tokens: `base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))`, where the payload is
/// `v1|<video id>|<session id>|<expiry, unix seconds>|<id>:<name>,<id>:<name>...` (granted representations).
/// The scheme is documented in the README so a CDN or proxy holding the key can check tokens itself.
public struct HMACMediaTokenService: MediaTokenService {
    let key: SymmetricKey
    /// A player sends the same token with every segment: the verified grant is remembered (expiry is the caller's
    /// check, as on a first verification).
    let verified: VerifiedTokenCache<MediaGrant>

    public init(secret: [UInt8], cacheCapacity: Int = 50_000) {
        key = SymmetricKey(data: secret)
        verified = VerifiedTokenCache(capacity: cacheCapacity, expiry: \.expiresAt)
    }

    /// The media key derived from another secret (the JWT secret) when no media secret is configured.
    public static func derivedSecret(from secret: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array("zviewer media token v1".utf8), using: SymmetricKey(data: secret)))
    }

    public func sign(_ grant: MediaGrant) -> String {
        let renditions = grant.renditions.map { "\($0.representationId):\($0.name)" }.joined(separator: ",")
        let payload = [
            "v1", grant.videoId.lowercasedString, grant.sessionId.lowercasedString,
            String(Int64(grant.expiresAt.timeIntervalSince1970.rounded(.down))), renditions,
        ].joined(separator: "|")
        let encoded = Base64URL.encode(Data(payload.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(encoded.utf8), using: key)
        return encoded + "." + Base64URL.encode(Data(mac))
    }

    public func verify(_ token: String) throws(MediaAccessError) -> MediaGrant {
        if let grant = verified.value(for: token) { return grant }
        let grant = try verifySignature(token)
        verified.insert(grant, for: token, now: Date())
        return grant
    }

    /// How many verified tokens are remembered now.
    public var cachedTokenCount: Int { verified.count }

    func verifySignature(_ token: String) throws(MediaAccessError) -> MediaGrant {
        guard token.utf8.count <= 2048 else { throw .invalidToken }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let mac = Base64URL.decode(String(parts[1])), mac.count == 32,
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(parts[0].utf8), using: key),
            let data = Base64URL.decode(String(parts[0])), let payload = String(data: data, encoding: .utf8)
        else { throw .invalidToken }
        let fields = payload.split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "v1", let video = UUID(uuidString: String(fields[1])),
            let session = UUID(uuidString: String(fields[2])), let expiry = Int64(fields[3])
        else { throw .invalidToken }
        var renditions: [GrantedRendition] = []
        for item in fields[4].split(separator: ",") {
            let pair = item.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, let id = Int(pair[0]) else { throw .invalidToken }
            renditions.append(GrantedRendition(representationId: id, name: String(pair[1])))
        }
        return MediaGrant(
            videoId: video, sessionId: session, expiresAt: Date(timeIntervalSince1970: TimeInterval(expiry)), renditions: renditions)
    }
}
