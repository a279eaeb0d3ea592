import Adapters
import Crypto
import Domain
import Foundation
import Testing

@Suite struct MediaTokenTests {
    let service = HMACMediaTokenService(secret: Array("media-token-test-key-0123456789abcdef".utf8))
    let grant = MediaGrant(
        videoId: UUID(), sessionId: UUID(), expiresAt: Date(timeIntervalSince1970: 2_000_000_000),
        renditions: [.init(representationId: 1, name: "480p"), .init(representationId: 4, name: "audio")])

    @Test func roundTripsAndFollowsTheDocumentedScheme() throws {
        let token = service.sign(grant)
        #expect(try service.verify(token) == grant)
        // The scheme in docs/playback.md, recomputed independently: base64url(payload) "." base64url(HMAC-SHA256(key, that)).
        let payload = "v1|\(grant.videoId.uuidString.lowercased())|\(grant.sessionId.uuidString.lowercased())|2000000000|1:480p,4:audio"
        let encoded = Base64URL.encode(Data(payload.utf8))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(encoded.utf8), using: SymmetricKey(data: Array("media-token-test-key-0123456789abcdef".utf8)))
        #expect(token == encoded + "." + Base64URL.encode(Data(mac)))
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    }

    @Test func refusesAlteredForgedAndMalformedTokens() {
        let token = service.sign(grant)
        let parts = token.split(separator: ".").map(String.init)
        // A payload widened to the 720p rung, signature kept.
        let widened = Base64URL.encode(
            Data("v1|\(grant.videoId.uuidString.lowercased())|\(grant.sessionId.uuidString.lowercased())|2000000000|0:720p".utf8))
        let other = HMACMediaTokenService(secret: Array("a different key, also 32 bytes long!".utf8)).sign(grant)
        for bad in [
            "", ".", token + "x", widened + "." + parts[1], other, parts[0], parts[0] + "." + parts[0], "a.b.c",
            String(repeating: "A", count: 3000), token.replacingOccurrences(of: ".", with: ""),
        ] {
            #expect(throws: MediaAccessError.invalidToken) { try service.verify(bad) }
        }
    }

    @Test func verifiedTokensAreRememberedAndForgeriesStillRefused() throws {
        let service = HMACMediaTokenService(secret: Array("media-token-test-key-0123456789abcdef".utf8), cacheCapacity: 4)
        let token = service.sign(grant)
        #expect(try service.verify(token) == grant)
        #expect(try service.verify(token) == grant)
        #expect(service.cachedTokenCount == 1)
        let parts = token.split(separator: ".").map(String.init)
        let widened = Base64URL.encode(
            Data("v1|\(grant.videoId.lowercasedString)|\(grant.sessionId.lowercasedString)|2000000000|0:720p".utf8))
        for bad in [token + "x", widened + "." + parts[1], String(token.dropLast())] {
            #expect(throws: MediaAccessError.invalidToken) { try service.verify(bad) }
        }
        var grants: [MediaGrant] = []
        for _ in 0..<20 {
            var other = grant
            other.sessionId = UUID()
            grants.append(other)
        }
        for other in grants + grants { #expect(try service.verify(service.sign(other)) == other) }
        #expect(service.cachedTokenCount <= 4)
    }

    @Test func derivedKeyIsNotTheJWTSecret() {
        let jwt = Array("jwt-secret-0123456789abcdef0123456789".utf8)
        let derived = HMACMediaTokenService.derivedSecret(from: jwt)
        #expect(derived.count == 32 && derived != jwt && derived == HMACMediaTokenService.derivedSecret(from: jwt))
    }
}
