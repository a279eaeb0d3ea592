import Domain
import Foundation
import HummingbirdBcrypt
import Synchronization
import Testing

@testable import Adapters

@Suite struct TOTPTests {
    let totp = TOTPOneTimePasswordService()
    // RFC 6238 appendix B: ASCII "12345678901234567890" (base32 below), SHA-1; the last 6 of the 8-digit values.
    let rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    @Test(arguments: [(59.0, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")])
    func matchesTheRFCVectors(time: Double, code: String) {
        let step = Int64(time) / 30
        #expect(totp.matchingStep(code: code, secret: rfcSecret, at: Date(timeIntervalSince1970: time)) == step)
    }

    @Test func acceptsOneStepOfDriftAndNoMore() {
        let at = Date(timeIntervalSince1970: 1_234_567_890)
        #expect(totp.matchingStep(code: "005924", secret: rfcSecret, at: at.addingTimeInterval(30)) != nil)
        #expect(totp.matchingStep(code: "005924", secret: rfcSecret, at: at.addingTimeInterval(90)) == nil)
        #expect(totp.matchingStep(code: "00592", secret: rfcSecret, at: at) == nil)
        #expect(totp.matchingStep(code: "abcdef", secret: rfcSecret, at: at) == nil)
    }

    @Test func secretsAreBase32AndTheURIIsWhatAuthenticatorsScan() {
        let secret = totp.generateSecret()
        #expect(secret.count == 32)
        #expect(secret.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        let uri = totp.provisioningURI(secret: secret, account: "a@b.co", issuer: "zviewer")
        #expect(uri.hasPrefix("otpauth://totp/zviewer%3Aa@b.co?secret=\(secret)&issuer=zviewer"))
    }
}

@Suite struct JWTAccessTokenTests {
    let key = JWTAccessTokenService.SigningKey(kid: "k1", secret: String(repeating: "s", count: 32))

    @Test func issuedTokensVerifyAndCarryKidAndClaims() async throws {
        let service = await JWTAccessTokenService(current: key, lifetime: .seconds(900))
        let user = UUID()
        let session = UUID()
        let token = try await service.issue(userId: user, role: .admin, sessionId: session, now: Date())
        let header = try #require(Base64URL.decode(String(token.split(separator: ".")[0])))
        #expect(String(decoding: header, as: UTF8.self).contains(#""kid":"k1""#))
        let claims = try await service.verify(token)
        #expect(claims.userId == user && claims.role == .admin && claims.sessionId == session)
    }

    @Test func expiredWrongSignatureGarbledAndAlgNoneAreRejected() async throws {
        let service = await JWTAccessTokenService(current: key, lifetime: .seconds(900))
        let other = await JWTAccessTokenService(
            current: .init(kid: "k1", secret: String(repeating: "x", count: 32)), lifetime: .seconds(900))
        let expired = try await service.issue(userId: UUID(), role: .user, sessionId: UUID(), now: Date().addingTimeInterval(-3600))
        let forged = try await other.issue(userId: UUID(), role: .admin, sessionId: UUID(), now: Date())
        let valid = try await service.issue(userId: UUID(), role: .user, sessionId: UUID(), now: Date())
        let parts = valid.split(separator: ".").map(String.init)
        let noneHeader = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8))
        let unsigned = "\(noneHeader).\(parts[1])."
        for token in [expired, forged, unsigned, "garbage", "a.b.c", parts[0] + "." + parts[1] + ".AAAA"] {
            await #expect(throws: AuthError.unauthenticated) { try await service.verify(token) }
        }
    }

    @Test func previousKeysStillVerifyDuringRotation() async throws {
        let old = await JWTAccessTokenService(current: key, lifetime: .seconds(900))
        let token = try await old.issue(userId: UUID(), role: .user, sessionId: UUID(), now: Date())
        let rotated = await JWTAccessTokenService(
            current: .init(kid: "k2", secret: String(repeating: "n", count: 32)), previous: [key], lifetime: .seconds(900))
        _ = try await rotated.verify(token)
        let dropped = await JWTAccessTokenService(
            current: .init(kid: "k2", secret: String(repeating: "n", count: 32)), lifetime: .seconds(900))
        await #expect(throws: AuthError.unauthenticated) { try await dropped.verify(token) }
    }
}

@Suite struct VerifiedTokenCacheTests {
    let key = JWTAccessTokenService.SigningKey(kid: "k1", secret: String(repeating: "s", count: 32))

    /// A clock the test moves.
    final class TestClock: Sendable {
        let offset = Mutex<TimeInterval>(0)
        var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    }

    @Test func aRememberedTokenStillExpiresAndAlteredCopiesAreStillChecked() async throws {
        let clock = TestClock()
        let service = await JWTAccessTokenService(current: key, lifetime: .seconds(900), now: { clock.now })
        let user = UUID()
        let token = try await service.issue(userId: user, role: .user, sessionId: UUID(), now: Date())
        #expect(try await service.verify(token).userId == user)
        #expect(service.cachedTokenCount == 1)
        #expect(try await service.verify(token).userId == user)  // a hit
        // One character of the signature, the payload or the header changed: not the remembered text, so verified.
        for index in [token.count - 2, token.count / 2, 3] {
            var characters = Array(token)
            characters[index] = characters[index] == "A" ? "B" : "A"
            await #expect(throws: AuthError.unauthenticated) { try await service.verify(String(characters)) }
        }
        await #expect(throws: AuthError.unauthenticated) { try await service.verify(token + "x") }
        clock.offset.withLock { $0 = 901 }
        await #expect(throws: AuthError.unauthenticated) { try await service.verify(token) }
    }

    @Test func theCacheIsBoundedAndEvictedTokensVerifyAgain() async throws {
        let service = await JWTAccessTokenService(current: key, lifetime: .seconds(900), cacheCapacity: 8)
        var tokens: [(String, UUID)] = []
        for _ in 0..<40 {
            let user = UUID()
            tokens.append((try await service.issue(userId: user, role: .user, sessionId: UUID(), now: Date()), user))
        }
        for (token, user) in tokens + tokens { #expect(try await service.verify(token).userId == user) }
        #expect(service.cachedTokenCount <= 8)
        let off = await JWTAccessTokenService(current: key, lifetime: .seconds(900), cacheCapacity: 0)
        #expect(try await off.verify(tokens[0].0).userId == tokens[0].1)
        #expect(off.cachedTokenCount == 0)
    }
}

@Suite struct BcryptTests {
    @Test func hashesAtCost12AndVerifies() async throws {
        let hasher = BcryptPasswordHasher(cost: 12)
        let hash = try await hasher.hash("correct horse battery")
        let bcrypt = hash.dropFirst(BcryptPasswordHasher.prehashedPrefix.count)
        #expect(hash.hasPrefix(BcryptPasswordHasher.prehashedPrefix))
        #expect(bcrypt.hasPrefix("$2b$12$") || bcrypt.hasPrefix("$2a$12$") || bcrypt.hasPrefix("$2y$12$"))
        #expect(try await hasher.verify("correct horse battery", against: hash))
        #expect(try await !hasher.verify("correct horse batterz", against: hash))
        #expect(try await !hasher.verify("x", against: "not a bcrypt hash"))
        try await hasher.verifyAgainstDummy("anything")
    }

    @Test func everyByteOfALongPasswordCounts() async throws {
        let hasher = BcryptPasswordHasher(cost: 4)
        let first72 = String(repeating: "p", count: 72)
        let hash = try await hasher.hash(first72 + "-the-real-ending")
        #expect(try await hasher.verify(first72 + "-the-real-ending", against: hash))
        #expect(try await !hasher.verify(first72 + "-another-ending", against: hash))
        #expect(try await !hasher.verify(first72, against: hash))
    }

    @Test func hashesMadeOverTheRawPasswordStillVerify() async throws {
        let hasher = BcryptPasswordHasher(cost: 4)
        let legacy = Bcrypt.hash("correct horse battery", cost: 4)
        #expect(try await hasher.verify("correct horse battery", against: legacy))
        #expect(try await !hasher.verify("correct horse batterz", against: legacy))
        #expect(hasher.needsRehash(legacy))
        #expect(!hasher.needsRehash(try await hasher.hash("correct horse battery")))
    }
}

@Suite struct TokenGeneratorTests {
    @Test func tokensAreLongRandomAndHashedDeterministically() {
        let generator = SHA256SecureTokenGenerator()
        let tokens = (0..<100).map { _ in generator.makeToken() }
        #expect(Set(tokens).count == 100)
        #expect(tokens.allSatisfy { $0.count >= 43 && !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
        #expect(generator.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct SecureLinkSignerTests {
    /// Vectors computed outside Swift (Python: `base64.urlsafe_b64encode(hashlib.md5(text).digest())` without padding),
    /// which is what nginx's `secure_link_md5` compares.
    @Test(arguments: [(0, "KHokwjf5c7pKpSUnIaWRiQ"), (1, "bTkOIsJ3ZqQaroXcjLHSgQ"), (12345, "drDRX7GaiRDCDJ4HO4pcbA")])
    func signaturesAreNginxSecureLinkMD5s(representation: Int, md5: String) throws {
        let signer = SecureLinkSigner(secret: "bench-secure-link-0123456789")
        let video = try #require(UUID(uuidString: "5D1AB96D-8919-490D-965B-5617AA90F6E1"))
        let query = signer.query(videoId: video, representationId: representation, expires: Date(timeIntervalSince1970: 1_795_353_269.9))
        #expect(query == "md5=\(md5)&expires=1795353269")
    }
}
