import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import UseCases

@testable import Server

@Suite struct VideoUploadHTTPTests {
    @Test func multipartUploadStoresTheOriginalAndQueuesATranscodeJob() async throws {
        try await withApp { client, app in
            let user = try await client.signUp()
            let bytes = pattern(300_000)
            let response = try await client.upload(
                token: user.access, file: bytes,
                fields: [("title", "  My trip "), ("description", "Mountains"), ("tags", "Hike, alps"), ("visibility", "public")])
            #expect(response.status == .accepted)
            let video = try JSON(response.body)
            let id = try #require(video["id"]?.string)
            #expect(video["status"]?.string == "queued")
            #expect(video["title"]?.string == "My trip")
            #expect(video["tags"]?.array.compactMap(\.string) == ["hike", "alps"])
            #expect(video["sizeBytes"]?.int == 300_000)
            #expect(video["originalFilename"]?.string == "clip.mp4")
            #expect(response.headers[.location] == "/api/v1/videos/\(id)")
            let stored = try Data(contentsOf: URL(fileURLWithPath: app.config.dataDir + "/objects/videos/\(id)/original"))
            #expect(Array(stored) == bytes)
            // The video and its job were written together.
            #expect(
                try await app.count(
                    "SELECT count(*)::int FROM jobs WHERE payload->>'videoId' = $1::text AND kind = 'video.transcode'",
                    UUID(uuidString: id)!) == 1)

            let mine = try JSON(try await client.send(.get, "/api/v1/me/videos", token: user.access).body)
            #expect(mine["items"]?.array.map { $0["id"]?.string } == [id])
            let usage = try JSON(try await client.send(.get, "/api/v1/me/usage", token: user.access).body)
            #expect(usage["usedBytes"]?.int == 300_000)
        }
    }

    @Test func uploadLimitsAreExactAndLeaveNothingBehind() async throws {
        try await withApp(["MAX_UPLOAD_BYTES": "100000"]) { client, app in
            let user = try await client.signUp()
            let exact = try await client.upload(token: user.access, file: pattern(100_000))
            #expect(exact.status == .accepted)
            let over = try await client.upload(token: user.access, file: pattern(100_001))
            #expect(over.status == .contentTooLarge)
            #expect(over.problemCode == "upload_too_large")
            // A much larger body is refused from its Content-Length, before any byte is stored.
            let huge = try await client.upload(token: user.access, file: pattern(1_000_000))
            #expect(huge.problemCode == "upload_too_large")
            let empty = try await client.upload(token: user.access, file: [])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.problemCode == "empty_file")
            let mine = try JSON(try await client.send(.get, "/api/v1/me/videos", token: user.access).body)
            #expect(mine["items"]?.array.count == 1)
            let exactId = try #require(try JSON(exact.body)["id"]?.string)
            #expect(app.storedFiles() == ["objects/videos/\(exactId)/original"])
        }
    }

    @Test func quotaCountsEveryVideoAndRefusesWhatDoesNotFit() async throws {
        try await withApp(["DEFAULT_QUOTA_BYTES": "250000"]) { client, app in
            let user = try await client.signUp()
            #expect(try await client.upload(token: user.access, file: pattern(200_000)).status == .accepted)
            let refused = try await client.upload(token: user.access, file: pattern(100_000))
            #expect(refused.status == .contentTooLarge)
            #expect(refused.problemCode == "quota_exceeded")
            let usage = try JSON(try await client.send(.get, "/api/v1/me/usage", token: user.access).body)
            #expect(usage["usedBytes"]?.int == 200_000)
            #expect(usage["quotaBytes"]?.int == 250_000)
            #expect(usage["remainingBytes"]?.int == 50_000)
            #expect(app.storedFiles().count == 1)
            // A tus upload reserves its declared length up front.
            let tus = try await client.tus(.post, "/api/v1/uploads", token: user.access, headers: [TusHeaders.uploadLength: "60000"])
            #expect(tus.problemCode == "quota_exceeded")
            // Another account has its own quota.
            let other = try await client.signUp()
            #expect(try await client.upload(token: other.access, file: pattern(200_000)).status == .accepted)
        }
    }

    @Test func hostileMultipartBodiesAreClearProblems() async throws {
        try await withApp { client, app in
            let user = try await client.signUp()
            let after = try await client.upload(token: user.access, file: pattern(1000), fields: [("title", "late")], fileFirst: true)
            #expect(after.status == .badRequest)
            #expect(after.problemCode == "field_after_file")
            let missing = try await client.upload(token: user.access, file: nil, fields: [("title", "no file")])
            #expect(missing.problemCode == "missing_file")
            let badVisibility = try await client.upload(token: user.access, file: pattern(10), fields: [("visibility", "friends")])
            #expect(badVisibility.status == .unprocessableContent)
            #expect(badVisibility.problemCode == "invalid_visibility")
            let json = try await client.send(.post, "/api/v1/videos", json: "{}", token: user.access)
            #expect(json.status == .unsupportedMediaType)
            let anonymous = try await client.execute(
                uri: "/api/v1/videos", method: .post, headers: [.contentType: "multipart/form-data; boundary=x"],
                body: ByteBuffer(string: "--x--"))
            #expect(anonymous.status == .unauthorized)
            // Truncated body (no closing boundary), garbage, a boundary that never appears.
            var truncated = multipartBody([], file: pattern(5000)).body
            truncated.moveWriterIndex(to: truncated.writerIndex - 40)
            for body in [truncated, ByteBuffer(string: "garbage"), ByteBuffer(bytes: pattern(70_000))] {
                let response = try await client.execute(
                    uri: "/api/v1/videos", method: .post,
                    headers: [.authorization: "Bearer \(user.access)", .contentType: "multipart/form-data; boundary=\(UUID())"],
                    body: body)
                #expect(response.status == .badRequest)
                #expect(response.problemCode == "invalid_body")
            }
            // A part header whose name is not a token (a non-ASCII byte: multipart-kit 4.7.1 traps on it) and one
            // without a colon.
            for header in [[0xC3, 0x84] + Array(": x".utf8), Array("no colon here".utf8)] {
                let bytes = Array("--b0\r\n".utf8) + header + Array("\r\n\r\nvalue\r\n--b0--\r\n".utf8)
                let response = try await client.execute(
                    uri: "/api/v1/videos", method: .post,
                    headers: [.authorization: "Bearer \(user.access)", .contentType: "multipart/form-data; boundary=b0"],
                    body: ByteBuffer(bytes: bytes))
                #expect(response.status == .badRequest && response.problemCode == "invalid_body")
            }
            let noBoundary = try await client.execute(
                uri: "/api/v1/videos", method: .post,
                headers: [.authorization: "Bearer \(user.access)", .contentType: "multipart/form-data"], body: ByteBuffer(string: "x"))
            #expect(noBoundary.status == .badRequest)
            #expect(app.storedFiles().isEmpty)
        }
    }

    @Test func visibilityEditingAndDeletion() async throws {
        try await withApp { client, app in
            let owner = try await client.signUp()
            let other = try await client.signUp()
            let created = try JSON(
                try await client.upload(token: owner.access, file: pattern(1000), fields: [("visibility", "private")]).body)
            let id = try #require(created["id"]?.string)
            #expect(try await client.send(.get, "/api/v1/videos/\(id)", token: owner.access).status == .ok)
            #expect(try await client.send(.get, "/api/v1/videos/\(id)", token: other.access).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/videos/\(id)").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/videos/not-a-uuid", token: owner.access).status == .notFound)
            // Public but not processed yet: still only the owner sees it.
            let patched = try await client.send(
                .patch, "/api/v1/videos/\(id)", json: #"{"visibility":"public","title":"New"}"#, token: owner.access)
            #expect(patched.status == .ok)
            #expect(try JSON(patched.body)["title"]?.string == "New")
            #expect(try await client.send(.get, "/api/v1/videos/\(id)", token: other.access).status == .notFound)
            // Another account can neither edit nor delete it.
            let foreignPatch = try await client.send(.patch, "/api/v1/videos/\(id)", json: #"{"title":"Mine now"}"#, token: other.access)
            #expect(foreignPatch.status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/videos/\(id)", token: other.access).status == .notFound)
            let bad = try await client.send(.patch, "/api/v1/videos/\(id)", json: #"{"title":""}"#, token: owner.access)
            #expect(bad.problemCode == "invalid_title")
            // Once ready and public, others see it but still cannot change it.
            _ = try await app.ports.videos.update(id: UUID(uuidString: id)!) { $0.status = .ready }
            #expect(try await client.send(.get, "/api/v1/videos/\(id)", token: other.access).status == .ok)
            #expect(
                try await client.send(.patch, "/api/v1/videos/\(id)", json: #"{"title":"x"}"#, token: other.access).problemCode
                    == "not_video_owner")

            #expect(try await client.send(.delete, "/api/v1/videos/\(id)", token: owner.access).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/videos/\(id)", token: owner.access).status == .notFound)
            let usage = try JSON(try await client.send(.get, "/api/v1/me/usage", token: owner.access).body)
            #expect(usage["usedBytes"]?.int == 0)
            // The purge job removes the objects, then the row; running it twice is harmless.
            let jobs = try await app.ports.jobs.list(state: .queued, kind: MediaJobs.purge, after: nil, limit: 100)
            let job = try #require(jobs.first { $0.payload.contains(id) })
            let claimed = ClaimedJob(id: job.id, kind: job.kind, payload: job.payload, attempt: 1, maxAttempts: 10, leaseToken: UUID())
            let purge = try #require(app.jobHandlers.first { $0.kind == MediaJobs.purge })
            try await purge.run(claimed)
            try await purge.run(claimed)
            #expect(app.storedFiles().isEmpty)
            #expect(try await app.count("SELECT count(*)::int FROM videos WHERE id = $1", UUID(uuidString: id)!) == 0)
        }
    }

    @Test func adminsSeeAndDeleteAnyVideoAndManageJobs() async throws {
        try await withApp { client, app in
            let owner = try await client.signUp()
            let admin = try await client.signUp()
            try await app.makeAdmin(admin.id)
            let id = try #require(try JSON(try await client.upload(token: owner.access, file: pattern(10)).body)["id"]?.string)
            #expect(try await client.send(.get, "/api/v1/videos/\(id)", token: admin.access).status == .ok)
            #expect(try await client.send(.get, "/api/v1/admin/jobs", token: owner.access).status == .forbidden)
            let list = try JSON(
                try await client.send(.get, "/api/v1/admin/jobs?kind=video.transcode&state=queued&limit=100", token: admin.access).body)
            let job = try #require(list["items"]?.array.first { $0["payload"]?["videoId"]?.string == id })
            let jobId = try #require(job["id"]?.string)
            #expect(try await client.send(.get, "/api/v1/admin/jobs?state=nonsense", token: admin.access).problemCode == "invalid_state")
            #expect(
                try await client.send(.post, "/api/v1/admin/jobs/\(jobId)/retry", token: admin.access).problemCode == "job_not_retryable")
            #expect(try await client.send(.post, "/api/v1/admin/jobs/\(UUID())/retry", token: admin.access).status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/videos/\(id)", token: admin.access).status == .noContent)
        }
    }
}
