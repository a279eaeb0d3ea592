import Adapters
import Domain
import Foundation
import Testing

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
        let other = await JWTAccessTokenService(current: .init(kid: "k1", secret: String(repeating: "x", count: 32)), lifetime: .seconds(900))
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
        let dropped = await JWTAccessTokenService(current: .init(kid: "k2", secret: String(repeating: "n", count: 32)), lifetime: .seconds(900))
        await #expect(throws: AuthError.unauthenticated) { try await dropped.verify(token) }
    }
}

@Suite struct BcryptTests {
    @Test func hashesAtCost12AndVerifies() async throws {
        let hasher = BcryptPasswordHasher(cost: 12)
        let hash = try await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2b$12$") || hash.hasPrefix("$2a$12$") || hash.hasPrefix("$2y$12$"))
        #expect(try await hasher.verify("correct horse battery", against: hash))
        #expect(try await !hasher.verify("correct horse batterz", against: hash))
        #expect(try await !hasher.verify("x", against: "not a bcrypt hash"))
        try await hasher.verifyAgainstDummy("anything")
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

