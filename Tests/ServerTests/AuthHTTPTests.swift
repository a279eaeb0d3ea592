import Crypto
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct AuthHTTPTests {
    @Test func registerLoginRefreshLogout() async throws {
        try await withApp { client, _ in
            let (access, refresh, id, email) = try await client.signUp()
            let me = try await client.send(.get, "/api/v1/me", token: access)
            #expect(me.status == .ok)
            #expect(try JSON(me.body)["id"]?.string == id)
            let login = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email":"\#(email.uppercased())","password":"long enough password"}"#)
            #expect(login.status == .ok)
            let body = try JSON(login.body)
            #expect(body["tokenType"]?.string == "Bearer" && body["expiresIn"]?.int == 900)
            let rotated = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(refresh)"}"#)
            #expect(rotated.status == .ok)
            let newRefresh = try JSON(rotated.body)["refreshToken"]!.string!
            #expect(try await client.send(.post, "/api/v1/auth/logout", json: #"{"refreshToken":"\#(newRefresh)"}"#).status == .noContent)
            let afterLogout = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(newRefresh)"}"#)
            #expect(afterLogout.status == .unauthorized && afterLogout.problemCode == "invalid_refresh_token")
        }
    }

    @Test func everyByteOfALongPasswordCountsAtSignIn() async throws {
        try await withApp { client, _ in
            let first72 = String(repeating: "x", count: 72)
            let (_, _, _, email) = try await client.signUp(password: first72 + " and the rest")
            let right = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"\#(first72) and the rest"}"#)
            #expect(right.status == .ok)
            let samePrefix = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"\#(first72) but different"}"#)
            #expect(samePrefix.status == .unauthorized && samePrefix.problemCode == "invalid_credentials")
        }
    }

    @Test func refreshTokenReuseRevokesTheFamily() async throws {
        try await withApp { client, _ in
            let (_, first, _, _) = try await client.signUp()
            let second = try JSON(try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(first)"}"#).body)[
                "refreshToken"]!.string!
            let reuse = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(first)"}"#)
            #expect(reuse.status == .unauthorized && reuse.problemCode == "invalid_refresh_token")
            let legit = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(second)"}"#)
            #expect(legit.status == .unauthorized)
        }
    }

    @Test func duplicateWeakAndMalformedRegistrations() async throws {
        try await withApp { client, _ in
            let (_, _, _, email) = try await client.signUp()
            let duplicate = try await client.send(
                .post, "/api/v1/auth/register",
                json: #"{"email":"\#(email.uppercased())","password":"long enough password","displayName":"X"}"#)
            #expect(duplicate.status == .conflict && duplicate.problemCode == "email_taken")
            #expect(duplicate.headers[.contentType] == "application/problem+json")
            let weak = try await client.send(
                .post, "/api/v1/auth/register", json: #"{"email":"weak@example.com","password":"short","displayName":"X"}"#)
            #expect(weak.status == .unprocessableContent && weak.problemCode == "weak_password")
            let badEmail = try await client.send(
                .post, "/api/v1/auth/register", json: #"{"email":"nope","password":"long enough password","displayName":"X"}"#)
            #expect(badEmail.status == .unprocessableContent && badEmail.problemCode == "invalid_email")
        }
    }

    @Test(arguments: [
        (#"{"email": "a@b.co", "password": "#, "malformed_json"),
        (#"{"email": 42, "password": "long enough password", "displayName": "X"}"#, "invalid_body"),
        (#"{"password": "long enough password", "displayName": "X"}"#, "invalid_body"),
        (#"{"email": null, "password": "long enough password", "displayName": "X"}"#, "invalid_body"),
        (#"["not", "an", "object"]"#, "invalid_body"),
        ("", "malformed_json"),
    ])
    func malformedBodiesAre400(body: String, code: String) async throws {
        try await withApp { client, _ in
            let response = try await client.send(.post, "/api/v1/auth/register", json: body)
            #expect(response.status == .badRequest)
            #expect(response.problemCode == code)
        }
    }

    @Test func wrongContentTypeAndOversizedBodies() async throws {
        try await withApp(["MAX_JSON_BODY_BYTES": "2048"]) { client, _ in
            let text = try await client.send(.post, "/api/v1/auth/login", json: "email=a", contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType && text.problemCode == "unsupported_media_type")
            let huge = #"{"email":"a@b.co","password":""# + String(repeating: "x", count: 4096) + #""}"#
            let tooLarge = try await client.send(.post, "/api/v1/auth/login", json: huge)
            #expect(tooLarge.status == .contentTooLarge && tooLarge.problemCode == "payload_too_large")
        }
    }

    @Test func wrongPasswordAndUnknownEmailLookTheSame() async throws {
        try await withApp { client, _ in
            let (_, _, _, email) = try await client.signUp()
            let wrong = try await client.send(.post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"wrong password!"}"#)
            let unknown = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email":"ghost@example.com","password":"wrong password!"}"#)
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.problemCode == "invalid_credentials" && unknown.problemCode == "invalid_credentials")
        }
    }

    @Test func badAccessTokensAre401() async throws {
        try await withApp { client, dependencies in
            let (access, _, _, _) = try await client.signUp()
            let parts = access.split(separator: ".").map(String.init)
            let noneHeader = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8))
            let forgedKey = SymmetricKey(data: Data(String(repeating: "z", count: 32).utf8))
            let signingInput = parts[0] + "." + parts[1]
            let forgedSignature = Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: forgedKey)))
            let expired = try await dependencies.ports.accessTokens.issue(
                userId: UUID(), role: .admin, sessionId: UUID(), now: Date().addingTimeInterval(-7200))
            for token in ["garbled", "\(noneHeader).\(parts[1]).", "\(signingInput).\(forgedSignature)", expired, "a.b.c"] {
                let response = try await client.send(.get, "/api/v1/me", token: token)
                #expect(response.status == .unauthorized, "token \(token)")
                #expect(response.problemCode == "unauthenticated")
                #expect(response.headers[.wwwAuthenticate] != nil)
            }
            #expect(try await client.send(.get, "/api/v1/me").status == .unauthorized)
            // A stale token sent along to a public route does not get in the way.
            let refreshWithStaleToken = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email":"x@example.com","password":"wrong password!"}"#, token: expired)
            #expect(refreshWithStaleToken.problemCode == "invalid_credentials")
            #expect(try await client.send(.get, "/api/v1/me", headers: [.authorization: "Basic Zm9vOmJhcg=="]).status == .unauthorized)
        }
    }

    @Test func mfaEnrolmentAndLogin() async throws {
        try await withApp { client, _ in
            let (access, _, _, email) = try await client.signUp()
            let setup = try JSON(try await client.send(.post, "/api/v1/auth/mfa/setup", token: access).body)
            let secret = setup["secret"]!.string!
            #expect(setup["otpauthUri"]!.string!.contains("secret=\(secret)"))
            let badCode = try await client.send(.post, "/api/v1/auth/mfa/enable", json: #"{"code":"000000"}"#, token: access)
            #expect(badCode.problemCode == "invalid_mfa_code" || TOTPCode.now(secret) == "000000")
            let enable = try await client.send(
                .post, "/api/v1/auth/mfa/enable", json: #"{"code":"\#(TOTPCode.now(secret))"}"#, token: access)
            let enableBody = try JSON(enable.body)
            #expect(enable.status == .ok && enableBody["mfaEnabled"]?.bool == true)
            let noCode = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"long enough password"}"#)
            #expect(noCode.status == .unauthorized && noCode.problemCode == "mfa_required")
            let wrongCode = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"long enough password","totpCode":"12345x"}"#)
            #expect(wrongCode.status == .unauthorized && wrongCode.problemCode == "mfa_required")
            // The enabling code was already used; the next step's code is within the allowed drift.
            let withCode = try await client.send(
                .post, "/api/v1/auth/login",
                json: #"{"email":"\#(email)","password":"long enough password","totpCode":"\#(TOTPCode.now(secret, stepOffset: 1))"}"#)
            #expect(withCode.status == .ok)
        }
    }

    @Test func authAttemptsAreRateLimitedWithHeaders() async throws {
        try await withApp(["RATE_LIMIT_AUTH_PER_MINUTE": "3"]) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            var last: TestResponse?
            for _ in 0..<4 {
                let response = try await client.send(
                    .post, "/api/v1/auth/login", json: #"{"email":"victim@example.com","password":"guess guess guess"}"#)
                statuses.append(response.status)
                last = response
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            let limited = try #require(last)
            #expect(limited.problemCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.headers[HTTPField.Name("RateLimit-Limit")!] == "3")
            #expect(limited.headers[HTTPField.Name("RateLimit-Remaining")!] == "0")
        }
    }

    @Test func anonymousRequestsAreRateLimitedPerAddress() async throws {
        try await withApp(["RATE_LIMIT_ANONYMOUS_PER_MINUTE": "2"]) { client, _ in
            let first = try await client.send(.get, "/api/v1/me")
            #expect(first.headers[HTTPField.Name("RateLimit-Remaining")!] == nil || first.status == .unauthorized)
            _ = try await client.send(.get, "/api/v1/me")
            let third = try await client.send(.get, "/api/v1/me")
            #expect(third.status == .tooManyRequests)
            #expect(try await client.send(.get, "/health").status == .ok)  // operational routes are exempt
        }
    }
}

/// TOTP codes computed independently of the server's implementation (RFC 6238 with CryptoKit's HMAC).
enum TOTPCode {
    static func now(_ secret: String, stepOffset: Int64 = 0) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = ""
        for char in secret {
            let value = alphabet.firstIndex(of: char)!
            let binary = String(value, radix: 2)
            bits += String(repeating: "0", count: 5 - binary.count) + binary
        }
        var key: [UInt8] = []
        var index = bits.startIndex
        while bits.distance(from: index, to: bits.endIndex) >= 8 {
            let next = bits.index(index, offsetBy: 8)
            key.append(UInt8(bits[index..<next], radix: 2)!)
            index = next
        }
        var counter = UInt64(Int64(Date().timeIntervalSince1970) / 30 + stepOffset).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let offset = Int(mac[19] & 0x0f)
        let value =
            (UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3]))
            % 1_000_000
        let text = String(value)
        return String(repeating: "0", count: 6 - text.count) + text
    }
}
