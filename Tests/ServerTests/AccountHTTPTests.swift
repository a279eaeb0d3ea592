import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct AccountHTTPTests {
    @Test func profilesAreCappedAndPrivateToTheirAccount() async throws {
        try await withApp { client, _ in
            let alice = try await client.signUp()
            let mallory = try await client.signUp()
            let list = try JSON(try await client.send(.get, "/api/v1/me/profiles", token: alice.access).body)
            #expect(list["items"]!.array.count == 1)
            var created: [String] = []
            for index in 2...5 {
                let response = try await client.send(
                    .post, "/api/v1/me/profiles", json: #"{"name":"P\#(index)","isKids":true}"#, token: alice.access)
                #expect(response.status == .created)
                created.append(try JSON(response.body)["id"]!.string!)
            }
            let sixth = try await client.send(.post, "/api/v1/me/profiles", json: #"{"name":"P6"}"#, token: alice.access)
            #expect(sixth.status == .conflict && sixth.problemCode == "profile_limit_reached")
            // Mallory cannot see, change or delete Alice's profile: it does not exist for her.
            let patch = try await client.send(.patch, "/api/v1/me/profiles/\(created[0])", json: #"{"name":"mine"}"#, token: mallory.access)
            #expect(patch.status == .notFound && patch.problemCode == "profile_not_found")
            #expect(try await client.send(.delete, "/api/v1/me/profiles/\(created[0])", token: mallory.access).status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/me/profiles/not-a-uuid", token: alice.access).status == .notFound)
            let own = try await client.send(
                .patch, "/api/v1/me/profiles/\(created[0])", json: #"{"name":"Kids","avatarUrl":"https://example.com/k.png"}"#,
                token: alice.access)
            let ownBody = try JSON(own.body)
            #expect(own.status == .ok && ownBody["avatarUrl"]?.string == "https://example.com/k.png")
            let cleared = try await client.send(
                .patch, "/api/v1/me/profiles/\(created[0])", json: #"{"avatarUrl":null}"#, token: alice.access)
            let clearedBody = try JSON(cleared.body)
            #expect(clearedBody["avatarUrl"] == nil && clearedBody["name"]?.string == "Kids")
            #expect(try await client.send(.delete, "/api/v1/me/profiles/\(created[0])", token: alice.access).status == .noContent)
            let bad = try await client.send(.post, "/api/v1/me/profiles", json: #"{"name":"X","isKids":"yes"}"#, token: alice.access)
            #expect(bad.status == .badRequest && bad.problemCode == "invalid_body")
        }
    }

    @Test func passwordChangeRevokesOtherSessions() async throws {
        try await withApp { client, _ in
            let user = try await client.signUp(password: "first password 1")
            let other = try JSON(
                try await client.send(.post, "/api/v1/auth/login", json: #"{"email":"\#(user.email)","password":"first password 1"}"#).body)
            let wrong = try await client.send(
                .patch, "/api/v1/me", json: #"{"currentPassword":"nope nope nope","newPassword":"second password 2"}"#, token: user.access)
            #expect(wrong.status == .forbidden && wrong.problemCode == "wrong_current_password")
            let changed = try await client.send(
                .patch, "/api/v1/me",
                json: #"{"displayName":"New Name","currentPassword":"first password 1","newPassword":"second password 2"}"#,
                token: user.access)
            let changedBody = try JSON(changed.body)
            #expect(changed.status == .ok && changedBody["displayName"]?.string == "New Name")
            let otherRefresh = try await client.send(
                .post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(other["refreshToken"]!.string!)"}"#)
            #expect(otherRefresh.status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(user.refresh)"}"#).status == .ok)
        }
    }

    @Test func adminRouteNeedsTheAdminRoleGrantedByTheBootstrapSQL() async throws {
        try await withApp { client, _ in
            _ = try await client.signUp()  // a second account, so there is a second page even on a fresh database
            let user = try await client.signUp()
            let denied = try await client.send(.get, "/api/v1/admin/users", token: user.access)
            #expect(denied.status == .forbidden && denied.problemCode == "forbidden")
            try promote(email: user.email)
            // The same token now works: the role is read from the database.
            let first = try await client.send(.get, "/api/v1/admin/users?limit=1", token: user.access)
            #expect(first.status == .ok)
            let page = try JSON(first.body)
            #expect(page["items"]!.array.count == 1)
            let cursor = try #require(page["nextCursor"]?.string)
            let second = try await client.send(.get, "/api/v1/admin/users?limit=1&cursor=\(cursor)", token: user.access)
            #expect(try JSON(second.body)["items"]!.array.first?["id"]?.string != page["items"]!.array.first?["id"]?.string)
            #expect(try await client.send(.get, "/api/v1/admin/users?limit=abc", token: user.access).problemCode == "invalid_parameter")
            #expect(try await client.send(.get, "/api/v1/admin/users?limit=1000", token: user.access).problemCode == "invalid_limit")
            #expect(try await client.send(.get, "/api/v1/admin/users?cursor=zzz", token: user.access).problemCode == "invalid_cursor")
            #expect(throws: TestSetupError.self) { try promote(email: "nobody-\(UUID())@example.com") }
        }
    }

    /// Runs the shipped bootstrap script with psql, as docs/api.md tells an operator to.
    func promote(email: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestSettings.env("PSQL"))
        var url = try TestSettings.env("TEST_DATABASE_URL")
        if let query = url.firstIndex(of: "?") { url = String(url[..<query]) }
        process.arguments = [
            url, "-q", "-v", "email=\(email)", "-f",
            TestSettings.repositoryRoot.appendingPathComponent("migrations/bootstrap/promote_admin.sql").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSetupError(message: "promote_admin.sql exited \(process.terminationStatus)") }
    }
}

@Suite struct OperationsHTTPTests {
    @Test func healthReadyMetricsAndRequestIds() async throws {
        try await withApp { client, _ in
            #expect(try await client.send(.get, "/health").status == .ok)
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == .ok)
            #expect(try JSON(ready.body)["checks"]?["redis"]?.string == "up")
            let echoed = try await client.send(.get, "/health", headers: [HTTPField.Name("X-Request-Id")!: "abc-123"])
            #expect(echoed.headers[HTTPField.Name("X-Request-Id")!] == "abc-123")
            let replaced = try await client.send(.get, "/health", headers: [HTTPField.Name("X-Request-Id")!: "bad id\twith junk"])
            let generated = try #require(replaced.headers[HTTPField.Name("X-Request-Id")!])
            #expect(UUID(uuidString: generated) != nil)
            let missing = try await client.send(.get, "/api/v1/nowhere")
            #expect(missing.status == .notFound && missing.problemCode == "route_not_found")
            #expect(try JSON(missing.body)["requestId"]?.string == missing.headers[HTTPField.Name("X-Request-Id")!])
            let metrics = String(buffer: try await client.send(.get, "/metrics").body)
            #expect(metrics.contains(#"http_requests_total{method="GET",route="/health",status="200"}"#))
            #expect(metrics.contains("http_request_duration_seconds_bucket"))
            #expect(metrics.contains("redis_pool_open_connections"))
        }
    }

    @Test func readyReportsWhichDependencyIsDown() async throws {
        try await withApp(["REDIS_URL": "redis://127.0.0.1:1/0", "REDIS_TIMEOUT_MS": "100"]) { client, _ in
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == .serviceUnavailable && ready.problemCode == "not_ready")
            let checks = try JSON(ready.body)["checks"]
            #expect(checks?["redis"]?.string == "down" && checks?["postgres"]?.string == "up")
            // With Redis gone the API still answers (rate limits fail open).
            _ = try await client.signUp()
        }
    }

    @Test func corsAllowsOnlyListedOrigins() async throws {
        try await withApp(["CORS_ALLOWED_ORIGINS": "https://app.example.com"]) { client, _ in
            let preflight = try await client.send(
                .options, "/api/v1/auth/login",
                headers: [.origin: "https://app.example.com", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://app.example.com")
            let allowed = try await client.send(.get, "/health", headers: [.origin: "https://app.example.com"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example.com")
            let other = try await client.send(.get, "/health", headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
