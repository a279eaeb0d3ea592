import Adapters
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing
import UseCases

@testable import Server

/// The `video.transcode` job end to end: upload, the handler running the real `zviewer transcode` child process,
/// storage, the database and the API.
@Suite(.serialized) struct TranscodeJobTests {
    /// Uploads `file` and returns the video id and its transcode job (as the worker would claim it).
    static func uploadVideo(
        _ client: any TestClientProtocol, _ app: AppDependencies, token: String, file: String
    ) async throws
        -> (id: UUID, job: ClaimedJob)
    {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let response = try await client.upload(token: token, file: bytes)
        #expect(response.status == .accepted)
        let text = try #require(try JSON(response.body)["id"]?.string)
        let id = try #require(UUID(uuidString: text))
        return (id, try await claimedJob(app, videoId: id, attempt: 1))
    }

    static func claimedJob(_ app: AppDependencies, videoId: UUID, attempt: Int) async throws -> ClaimedJob {
        let rows = try await app.postgres.query(
            "SELECT id, payload::text, max_attempts FROM jobs WHERE kind = 'video.transcode' AND payload->>'videoId' = \(videoId.uuidString.lowercased())",
            logger: app.logger)
        for try await (id, payload, max) in rows.decode((UUID, String, Int).self) {
            return ClaimedJob(id: id, kind: MediaJobs.transcode, payload: payload, attempt: attempt, maxAttempts: max, leaseToken: UUID())
        }
        throw TestSetupError(message: "no transcode job for \(videoId)")
    }

    static func transcoder(_ app: AppDependencies) throws -> any JobHandler {
        try #require(app.jobHandlers.first { $0.kind == MediaJobs.transcode })
    }

    static func mediaFiles(_ app: AppDependencies, _ id: UUID) -> [String] {
        let prefix = "objects/videos/\(id.uuidString.lowercased())/media/"
        return app.storedFiles().filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    static func notifications(_ app: AppDependencies, _ id: UUID) async throws -> [String] {
        let rows = try await app.postgres.query(
            "SELECT kind FROM notifications WHERE video_id = \(id) ORDER BY created_at", logger: app.logger)
        var kinds: [String] = []
        for try await kind in rows.decode(String.self) { kinds.append(kind) }
        return kinds
    }

    @Test func uploadedVideoBecomesAReadyPackageWithProgressAndANotification() async throws {
        let file = try await MediaFixtures.clip(seconds: 10, size: "1280x720")
        try await withApp { client, app in
            let user = try await client.signUp()
            let (id, job) = try await Self.uploadVideo(client, app, token: user.access, file: file)
            let processingURI = "/api/v1/videos/\(id.uuidString.lowercased())/processing"
            let queued = try JSON(try await client.send(.get, processingURI, token: user.access).body)
            #expect(queued["status"]?.string == "queued" && queued["step"]?.string == "queued")
            // Another account cannot see the progress of a private upload.
            let stranger = try await client.signUp()
            #expect(try await client.send(.get, processingURI, token: stranger.access).status == .notFound)
            #expect(try await client.send(.get, processingURI).status == .unauthorized)
            // Left over from an earlier attempt: the retried job starts from a clean prefix.
            _ = try await app.storage.put(key: try Video.mediaKey(id, path: "stale.m4s"), body: .chunks([[1, 2, 3]]))

            let handler = try Self.transcoder(app)
            let run = Task { try await handler.run(job) }
            var seen: [(String, Double)] = []
            while seen.last?.0 != "ready" {
                let state = try JSON(try await client.send(.get, processingURI, token: user.access).body)
                if let step = state["step"]?.string, let percent = state["percent"]?.double {
                    seen.append((state["status"]?.string == "ready" ? "ready" : step, percent))
                }
                if run.isCancelled { break }
                try await Task.sleep(for: .milliseconds(150))
                if seen.count > 600 { break }
            }
            try await run.value
            #expect(seen.contains { $0.0 == "transcoding" && $0.1 > 0 && $0.1 < 100 }, "progress seen: \(seen)")
            let percents = seen.map(\.1)
            #expect(percents == percents.sorted(), "progress went backwards: \(percents)")

            let done = try JSON(try await client.send(.get, processingURI, token: user.access).body)
            #expect(done["status"]?.string == "ready" && done["step"]?.string == "done" && done["percent"]?.double == 100)
            let video = try JSON(try await client.send(.get, "/api/v1/videos/\(id.uuidString.lowercased())", token: user.access).body)
            #expect(video["status"]?.string == "ready")
            #expect(video["renditions"]?.array.compactMap { $0["name"]?.string } == ["720p", "480p", "360p"])
            let duration = try #require(video["durationSeconds"]?.double)
            #expect(abs(duration - 10) < 0.05)
            let files = Self.mediaFiles(app, id)
            for expected in [
                "master.m3u8", "manifest.mpd", "hls-720p.m3u8", "hls-audio.m3u8", "poster.jpg", "storyboard.vtt", "storyboard-000.jpg",
                "init-0.mp4", "seg-0-00001.m4s",
            ] {
                #expect(files.contains(expected), "missing \(expected)")
            }
            #expect(!files.contains("stale.m4s"))
            #expect(!app.storedFiles().contains { $0.hasPrefix("work/") }, "scratch files left behind")
            // Output bytes count in the quota, once.
            let outputBytes = try #require(video["outputBytes"]?.int)
            let onDisk = try files.reduce(0) { total, name in
                let path = app.config.dataDir + "/objects/videos/\(id.uuidString.lowercased())/media/" + name
                return total + ((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
            }
            #expect(outputBytes == onDisk && outputBytes > 0)
            let usage = try JSON(try await client.send(.get, "/api/v1/me/usage", token: user.access).body)
            #expect(usage["usedBytes"]?.int == (video["sizeBytes"]?.int ?? 0) + outputBytes)
            #expect(try await Self.notifications(app, id) == ["video.ready"])

            // The finished job run again (a lost lease) changes nothing.
            try await handler.run(try await Self.claimedJob(app, videoId: id, attempt: 2))
            #expect(Self.mediaFiles(app, id) == files)
            let again = try JSON(try await client.send(.get, "/api/v1/videos/\(id.uuidString.lowercased())", token: user.access).body)
            #expect(again["outputBytes"]?.int == outputBytes)
            #expect(try await Self.notifications(app, id) == ["video.ready"])
        }
    }

    @Test func hostileInputsFailCleanlyWithAReasonWhileTheAPIStaysUp() async throws {
        let directory = MediaFixtures.directory.path
        let real = try await MediaFixtures.make(
            "moov-at-end.mp4",
            MediaFixtures.lavfi("testsrc2=size=640x360:rate=30:duration=3") + MediaFixtures.tone(3)
                + ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"])
        let realBytes = try Data(contentsOf: URL(fileURLWithPath: real))
        let image = try await MediaFixtures.make("picture.png", MediaFixtures.lavfi("testsrc2=size=320x240") + ["-frames:v", "1"])
        let audio = try await MediaFixtures.make("audio-only.m4a", MediaFixtures.tone(2) + ["-c:a", "aac"])
        var random = [UInt8](repeating: 0, count: 256 << 10)
        for index in random.indices { random[index] = UInt8.random(in: 0...255) }
        // A y4m header declaring a 60000 x 60000 picture, followed by a few bytes.
        let absurd = Array("YUV4MPEG2 W60000 H60000 F30:1 Ip A1:1 C420jpeg\nFRAME\n".utf8) + [UInt8](repeating: 128, count: 4096)
        let cases: [(String, [UInt8], Set<String>)] = [
            ("zero bytes", [], ["invalid_media"]),
            ("random bytes", random, ["invalid_media", "unsupported_media"]),
            ("truncated mp4", Array(realBytes.prefix(realBytes.count * 6 / 10)), ["invalid_media"]),
            ("text named .mp4", Array(String(repeating: "This is not a video, only text.\n", count: 200).utf8), ["invalid_media"]),
            ("an image", try [UInt8](Data(contentsOf: URL(fileURLWithPath: image))), ["invalid_media", "unsupported_media"]),
            ("audio only", try [UInt8](Data(contentsOf: URL(fileURLWithPath: audio))), ["unsupported_media"]),
            ("absurd dimensions", absurd, ["dimensions_too_large", "invalid_media"]),
        ]
        _ = directory
        try await withApp { client, app in
            let user = try await client.signUp()
            let handler = try Self.transcoder(app)
            for (name, bytes, reasons) in cases {
                // Uploaded as a one-byte file, then replaced by the hostile content (an empty upload is refused at
                // the door, and this way every case reaches the transcoder).
                let response = try await client.upload(token: user.access, file: [0])
                let text = try #require(try JSON(response.body)["id"]?.string)
                let id = try #require(UUID(uuidString: text))
                try Data(bytes).write(
                    to: URL(fileURLWithPath: app.config.dataDir + "/objects/videos/\(id.uuidString.lowercased())/original"))
                let job = try await Self.claimedJob(app, videoId: id, attempt: 1)
                let run = Task { try await handler.run(job) }
                // The API answers while the child process chews on the file.
                #expect(try await client.send(.get, "/health").status == .ok)
                await #expect(throws: JobError.self, "\(name) must fail for good") { try await run.value }
                let state = try JSON(
                    try await client.send(.get, "/api/v1/videos/\(id.uuidString.lowercased())/processing", token: user.access).body)
                #expect(state["status"]?.string == "failed", "\(name)")
                #expect(reasons.contains(state["failureReason"]?.string ?? "-"), "\(name): \(state["failureReason"]?.string ?? "none")")
                #expect(try await Self.notifications(app, id) == ["video.failed"], "\(name)")
                #expect(Self.mediaFiles(app, id).isEmpty, "\(name)")
                #expect(try await client.send(.get, "/health").status == .ok)
            }
        }
    }

    @Test func aCrashedTranscoderFailsTheAttemptAndTheRetrySucceeds() async throws {
        let file = try await MediaFixtures.clip(seconds: 2)
        var crashing = try TestSettings.config()
        crashing.transcoderEnvironment = [TranscodeCommand.faultVariable: "crash"]
        try await withApp(config: crashing) { client, app in
            let user = try await client.signUp()
            let (id, job) = try await Self.uploadVideo(client, app, token: user.access, file: file)
            let run = Task { try await Self.transcoder(app).run(job) }
            let failure = await #expect(throws: MediaError.self) { try await run.value }
            #expect(failure?.code == "transcode_crashed" && failure?.permanent == false)
            #expect(failure?.message.contains("signal 11") == true)
            #expect(try await client.send(.get, "/health").status == .ok)
            // Not the video's fault: it waits for the retry.
            let state = try JSON(
                try await client.send(.get, "/api/v1/videos/\(id.uuidString.lowercased())/processing", token: user.access).body)
            #expect(state["status"]?.string == "processing" && state["step"]?.string == "queued")
            #expect(try await Self.notifications(app, id).isEmpty)

            // The retry (attempt 2, a healthy transcoder) publishes the video.
            let healthy = TranscodeVideo(
                videos: app.ports.videos, processing: app.ports.processing, storage: app.storage,
                transcoder: ChildProcessTranscoder(executable: TestSettings.zviewerBinary), scratch: app.ports.scratch,
                settings: app.config.transcode, clock: app.ports.clock)
            try await healthy.run(try await Self.claimedJob(app, videoId: id, attempt: 2))
            let video = try JSON(try await client.send(.get, "/api/v1/videos/\(id.uuidString.lowercased())", token: user.access).body)
            #expect(video["status"]?.string == "ready")

            // Crashing on the last attempt fails the video with the reason.
            let (last, lastJob) = try await Self.uploadVideo(client, app, token: user.access, file: file)
            var final = lastJob
            final.attempt = final.maxAttempts
            await #expect(throws: MediaError.self) { try await Self.transcoder(app).run(final) }
            let failed = try JSON(
                try await client.send(.get, "/api/v1/videos/\(last.uuidString.lowercased())/processing", token: user.access).body)
            #expect(failed["status"]?.string == "failed" && failed["failureReason"]?.string == "transcode_crashed")
        }
    }

    @Test func aHungTranscoderIsKilledAtItsTimeLimit() async throws {
        let file = try await MediaFixtures.clip(seconds: 2)
        var config = try TestSettings.config(["TRANSCODE_TIMEOUT_FACTOR": "1", "TRANSCODE_TIMEOUT_MIN_SECONDS": "1"])
        config.transcoderEnvironment = [TranscodeCommand.faultVariable: "hang"]
        try await withApp(config: config) { client, app in
            let user = try await client.signUp()
            let (id, job) = try await Self.uploadVideo(client, app, token: user.access, file: file)
            let started = ContinuousClock.now
            let failure = await #expect(throws: MediaError.self) { try await Self.transcoder(app).run(job) }
            #expect(failure?.code == "transcode_timeout")
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(!Self.transcoderProcessesRunning(id))
        }
    }

    @Test func deletingAVideoKillsItsRunningTranscode() async throws {
        let file = try await MediaFixtures.clip(seconds: 30, size: "1280x720")
        try await withApp { client, app in
            let user = try await client.signUp()
            let (id, job) = try await Self.uploadVideo(client, app, token: user.access, file: file)
            let run = Task { try await Self.transcoder(app).run(job) }
            let processingURI = "/api/v1/videos/\(id.uuidString.lowercased())/processing"
            for _ in 0..<200 {
                let state = try JSON(try await client.send(.get, processingURI, token: user.access).body)
                if state["step"]?.string == "transcoding", (state["percent"]?.double ?? 0) > 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await client.send(.delete, "/api/v1/videos/\(id.uuidString.lowercased())", token: user.access).status == .noContent)
            let stopped = ContinuousClock.now
            try await run.value  // ends without an error: nothing left to do for a deleted video
            #expect(ContinuousClock.now - stopped < .seconds(10))
            #expect(Self.mediaFiles(app, id).isEmpty)
            #expect(!app.storedFiles().contains { $0.hasPrefix("work/") })
            #expect(try await Self.notifications(app, id).isEmpty)
            #expect(!Self.transcoderProcessesRunning(id))
        }
    }

    /// True while a `zviewer transcode` child for this job's video is alive.
    static func transcoderProcessesRunning(_ marker: UUID) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        return entries.contains { pid in
            guard pid.allSatisfy(\.isNumber), let cmdline = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else {
                return false
            }
            let text = String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return text.contains(" transcode ") && text.contains(marker.uuidString.lowercased())
        }
    }
}
