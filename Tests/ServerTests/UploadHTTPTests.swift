import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing
import UseCases

@testable import Server

@Suite struct TusUploadHTTPTests {
    static let metadata =
        "title \(Data("Holiday".utf8).base64EncodedString()),visibility \(Data("unlisted".utf8).base64EncodedString()),filename \(Data("dir/holiday.mov".utf8).base64EncodedString())"

    func create(_ client: some TestClientProtocol, token: String, length: Int, body: [UInt8]? = nil) async throws -> String {
        let response = try await client.tus(
            .post, "/api/v1/uploads", token: token,
            headers: [TusHeaders.uploadLength: String(length), TusHeaders.metadata: Self.metadata], body: body)
        #expect(response.status == .created)
        #expect(response.headers[TusHeaders.resumable] == "1.0.0")
        #expect(response.headers[TusHeaders.expires] != nil)
        return try #require(response.headers[.location])
    }

    func offset(_ client: some TestClientProtocol, _ location: String, token: String) async throws -> Int? {
        let head = try await client.tus(.head, location, token: token)
        #expect(head.headers[.cacheControl] == "no-store")
        return head.headers[TusHeaders.uploadOffset].flatMap { Int($0) }
    }

    @Test func resumesAtSeveralOffsetsAndBecomesAQueuedVideo() async throws {
        try await withApp { client, app in
            let user = try await client.signUp()
            let bytes = pattern(250_000, seed: 3)
            let location = try await create(client, token: user.access, length: bytes.count)
            #expect(try await offset(client, location, token: user.access) == 0)
            let head = try await client.tus(.head, location, token: user.access)
            #expect(head.headers[TusHeaders.uploadLength] == "250000")
            #expect(head.headers[TusHeaders.metadata] == Self.metadata)
            // While uploading the video exists, as "uploading", for its owner.
            let id = String(location.split(separator: "/").last!)
            let uploading = try JSON(try await client.send(.get, "/api/v1/videos/\(id)", token: user.access).body)
            #expect(uploading["status"]?.string == "uploading")
            var sent = 0
            for cut in [1, 65_536, 100_003, 249_999, 250_000] {
                let response = try await client.tus(
                    .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: String(sent)], body: Array(bytes[sent..<cut]))
                #expect(response.status == .noContent)
                #expect(response.headers[TusHeaders.uploadOffset] == String(cut))
                sent = cut
                if cut < bytes.count { #expect(try await offset(client, location, token: user.access) == cut) }
            }
            let video = try JSON(try await client.send(.get, "/api/v1/videos/\(id)", token: user.access).body)
            #expect(video["status"]?.string == "queued")
            #expect(video["title"]?.string == "Holiday")
            #expect(video["visibility"]?.string == "unlisted")
            #expect(video["originalFilename"]?.string == "holiday.mov")
            let stored = try Data(contentsOf: URL(fileURLWithPath: app.config.dataDir + "/objects/videos/\(id)/original"))
            #expect(Array(stored) == bytes)
            #expect(app.storedFiles() == ["objects/videos/\(id)/original"])
            #expect(try await app.count("SELECT count(*)::int FROM jobs WHERE payload->>'videoId' = $1::text", UUID(uuidString: id)!) == 1)
            // A finished upload says so until it expires (tus core: a client resuming it must not start again).
            let finished = try await client.tus(.head, location, token: user.access)
            #expect(finished.status == .ok)
            #expect(finished.headers[TusHeaders.uploadOffset] == "250000" && finished.headers[TusHeaders.uploadLength] == "250000")
            let resumedAtEnd = try await client.tus(
                .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "250000"], body: [])
            #expect(resumedAtEnd.status == .noContent && resumedAtEnd.headers[TusHeaders.uploadOffset] == "250000")
            let restarted = try await client.tus(
                .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "0"], body: [1, 2])
            #expect(restarted.status == .conflict && restarted.headers[TusHeaders.uploadOffset] == "250000")
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: app.config.dataDir + "/objects/videos/\(id)/original"))) == bytes)
            #expect(try await app.count("SELECT count(*)::int FROM jobs WHERE payload->>'videoId' = $1::text", UUID(uuidString: id)!) == 1)
        }
    }

    @Test func wrongOffsetsForeignUsersAndBadHeadersAreRefused() async throws {
        try await withApp(["MAX_UPLOAD_BYTES": "1000000"]) { client, app in
            let user = try await client.signUp()
            let other = try await client.signUp()
            let location = try await create(client, token: user.access, length: 1000)
            _ = try await client.tus(.patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "0"], body: pattern(100))
            let wrong = try await client.tus(
                .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "50"], body: pattern(10))
            #expect(wrong.status == .conflict)
            #expect(wrong.problemCode == "upload_offset_mismatch")
            #expect(wrong.headers[TusHeaders.uploadOffset] == "100")
            #expect(wrong.headers[TusHeaders.resumable] == "1.0.0")
            // Another account cannot see, write or end this upload.
            #expect(try await client.tus(.head, location, token: other.access).status == .notFound)
            #expect(
                try await client.tus(.patch, location, token: other.access, headers: [TusHeaders.uploadOffset: "100"], body: [1]).status
                    == .notFound)
            #expect(try await client.tus(.delete, location, token: other.access).status == .notFound)
            #expect(
                try await client.send(.get, "/api/v1/videos/\(location.split(separator: "/").last!)", token: other.access).status
                    == .notFound)
            // Protocol checks.
            let noVersion = try await client.tus(
                .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "100"], body: [1], tusVersion: nil)
            #expect(noVersion.status == .preconditionFailed)
            #expect(noVersion.headers[TusHeaders.version] == "1.0.0")
            let wrongType = try await client.tus(
                .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "100", .contentType: "application/json"], body: [1]
            )
            #expect(wrongType.status == .unsupportedMediaType)
            let noOffset = try await client.tus(.patch, location, token: user.access, body: [1])
            #expect(noOffset.problemCode == "invalid_header")
            let negative = try await client.tus(.patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "-1"], body: [1])
            #expect(negative.problemCode == "invalid_header")
            let beyond = try await client.tus(
                .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "100"], body: pattern(901))
            #expect(beyond.status == .contentTooLarge)
            #expect(beyond.problemCode == "beyond_upload_length")
            #expect(try await offset(client, location, token: user.access) == 100)
            let tooLarge = try await client.tus(.post, "/api/v1/uploads", token: user.access, headers: [TusHeaders.uploadLength: "1000001"])
            #expect(tooLarge.problemCode == "upload_too_large")
            let noLength = try await client.tus(.post, "/api/v1/uploads", token: user.access)
            #expect(noLength.problemCode == "invalid_header")
            let deferred = try await client.tus(.post, "/api/v1/uploads", token: user.access, headers: [TusHeaders.deferLength: "1"])
            #expect(deferred.problemCode == "invalid_header")
            let badMetadata = try await client.tus(
                .post, "/api/v1/uploads", token: user.access, headers: [TusHeaders.uploadLength: "10", TusHeaders.metadata: "title %%%"])
            #expect(badMetadata.problemCode == "invalid_header")
            let zero = try await client.tus(.post, "/api/v1/uploads", token: user.access, headers: [TusHeaders.uploadLength: "0"])
            #expect(zero.problemCode == "empty_file")
            let anonymous = try await client.execute(
                uri: "/api/v1/uploads", method: .post, headers: [TusHeaders.resumable: "1.0.0", TusHeaders.uploadLength: "10"], body: nil)
            #expect(anonymous.status == .unauthorized)
            let options = try await client.execute(uri: "/api/v1/uploads", method: .options, headers: [:], body: nil)
            #expect(options.status == .noContent)
            #expect(options.headers[TusHeaders.extensions] == "creation,creation-with-upload,termination,expiration")
            #expect(options.headers[TusHeaders.maxSize] == "1000000")
            // Termination removes the bytes and the unfinished video.
            #expect(try await client.tus(.delete, location, token: user.access).status == .noContent)
            #expect(try await client.tus(.head, location, token: user.access).status == .notFound)
            #expect(app.storedFiles().isEmpty)
            let mine = try JSON(try await client.send(.get, "/api/v1/me/videos", token: user.access).body)
            #expect(mine["items"]?.array.isEmpty == true)
        }
    }

    @Test func creationWithUploadAndExpiry() async throws {
        try await withApp(["UPLOAD_EXPIRY_SECONDS": "4"]) { client, app in
            let user = try await client.signUp()
            let whole = pattern(5000)
            let done = try await client.tus(
                .post, "/api/v1/uploads", token: user.access, headers: [TusHeaders.uploadLength: "5000"], body: whole)
            #expect(done.status == .created)
            #expect(done.headers[TusHeaders.uploadOffset] == "5000")
            let doneId = String(try #require(done.headers[.location]).split(separator: "/").last!)
            let video = try JSON(try await client.send(.get, "/api/v1/videos/\(doneId)", token: user.access).body)
            #expect(video["status"]?.string == "queued")

            let location = try await create(client, token: user.access, length: 5000, body: Array(whole[0..<1000]))
            #expect(try await offset(client, location, token: user.access) == 1000)
            try await Task.sleep(for: .milliseconds(4200))
            let late = try await client.tus(.patch, location, token: user.access, headers: [TusHeaders.uploadOffset: "1000"], body: [1])
            #expect(late.status == .gone)
            #expect(late.problemCode == "upload_expired")
            // The periodic expiry job removes the bytes and the unfinished video.
            let expire = try #require(app.jobHandlers.first { $0.kind == MediaJobs.expireUploads })
            try await expire.run(ClaimedJob(id: UUID(), kind: expire.kind, payload: "{}", attempt: 1, maxAttempts: 1, leaseToken: UUID()))
            let id = String(location.split(separator: "/").last!)
            #expect(!app.storedFiles().contains { $0.contains(id) })
            #expect(try await client.send(.get, "/api/v1/videos/\(id)", token: user.access).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/videos/\(doneId)", token: user.access).status == .ok)
            // The completed upload lasted as long as its expiry; the video it became stays.
            let doneLocation = "/api/v1/uploads/\(doneId)"
            #expect(try await client.tus(.head, doneLocation, token: user.access).status == .notFound)
        }
    }
}

@Suite struct CutConnectionTests {
    /// Sends a request head and part of its declared body over a raw socket, then closes the connection.
    func sendAndCut(port: Int, head: String, body: [UInt8]) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        var buffer = ByteBuffer(string: head)
        buffer.writeBytes(body)
        try await channel.writeAndFlush(buffer).get()
        try await Task.sleep(for: .milliseconds(300))
        try await channel.close().get()
    }

    @Test func aMultipartUploadCutMidwayLeavesNoVideoAndNoFiles() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let dependencies = try await AppDependencies.make(config: try TestSettings.config(), logger: logger)
        let app = buildApplication(dependencies, role: .api)
        try await app.test(.live) { client in
            let user = try await client.signUp()
            let (body, contentType) = multipartBody([("title", "cut")], file: pattern(3_000_000))
            let bytes = Array(body.readableBytesView)
            let head =
                "POST /api/v1/videos HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(user.access)\r\n"
                + "Content-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n\r\n"
            try await sendAndCut(port: client.port!, head: head, body: Array(bytes[0..<1_500_000]))
            // The server notices the cut once it has read what arrived: wait for its clean-up (up to 10 s).
            for _ in 0..<100 where !dependencies.storedFiles().isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            let mine = try JSON(try await client.send(.get, "/api/v1/me/videos", token: user.access).body)
            #expect(mine["items"]?.array.isEmpty == true)
            #expect(dependencies.storedFiles().isEmpty)

            // The same cut on a tus PATCH keeps what arrived, so the client can resume.
            let created = try await client.tus(.post, "/api/v1/uploads", token: user.access, headers: [TusHeaders.uploadLength: "3000000"])
            #expect(created.status == .created, "\(created.status) \(String(buffer: created.body))")
            let location = try #require(created.headers[.location])
            let patch =
                "PATCH \(location) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(user.access)\r\n"
                + "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: 3000000\r\n\r\n"
            try await sendAndCut(port: client.port!, head: patch, body: pattern(1_200_000))
            var kept = 0
            for _ in 0..<50 {
                kept = Int(try await client.tus(.head, location, token: user.access).headers[TusHeaders.uploadOffset] ?? "") ?? 0
                if kept > 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(kept > 0 && kept <= 1_200_000)
            let rest = try await client.tus(
                .patch, location, token: user.access, headers: [TusHeaders.uploadOffset: String(kept)],
                body: Array(pattern(3_000_000)[kept...]))
            #expect(rest.status == .noContent)
            let id = String(location.split(separator: "/").last!)
            let stored = try Data(contentsOf: URL(fileURLWithPath: dependencies.config.dataDir + "/objects/videos/\(id)/original"))
            #expect(Array(stored) == pattern(3_000_000))
        }
    }
}
