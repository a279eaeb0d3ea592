import Adapters
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing
import UseCases

@testable import Server

/// A ready video for playback tests: one real package (6 s, 1280x720 with audio → 720p/480p/360p) made once per
/// test process by the real pipeline, published into each test app's storage under a new video row.
enum PlaybackFixtures {
    /// One package per process: concurrent callers (suites run in parallel) share the one being made.
    actor Cache {
        var package: Task<(directory: String, result: TranscodeResult), any Error>?
        func get() async throws -> (directory: String, result: TranscodeResult) {
            if let package { return try await package.value }
            let making = Task {
                let input = try await MediaFixtures.clip(seconds: 6, size: "1280x720")
                let output = MediaFixtures.directory.appendingPathComponent("playback-package-\(UUID().uuidString)").path
                let result = try await FFmpegTranscoder().transcode(
                    .init(inputPath: input, outputDirectory: output, settings: TranscodeSettings(preset: "ultrafast", threads: 2))
                ) { _ in }
                return (directory: output, result: result)
            }
            package = making
            return try await making.value
        }
    }

    static let cache = Cache()

    /// Publishes the package as a ready video of `ownerId`; returns its id.
    static func readyVideo(
        _ app: AppDependencies, ownerId: String, visibility: VideoVisibility = .public, title: String = "Big Buck Test"
    ) async throws -> UUID {
        let (directory, result) = try await cache.get()
        let owner = try #require(UUID(uuidString: ownerId))
        let now = Date()
        let video = Video(
            id: UUID(), ownerId: owner, title: title, description: "", tags: [], visibility: visibility, status: .processing,
            originalFilename: "clip.mp4", sizeBytes: 0, createdAt: now, updatedAt: now)
        try await app.ports.videos.create(video, job: nil, defaultQuotaBytes: 1 << 40)
        var bytes: Int64 = 0
        for file in result.files {
            let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + file.path)))
            _ = try await app.storage.put(key: try Video.mediaKey(video.id, path: file.path), body: .chunks([data]))
            bytes += Int64(data.count)
        }
        let media = PublishedMedia(
            durationSeconds: result.durationSeconds, renditions: result.renditions, audio: result.audio, hlsMaster: result.hlsMaster,
            dashManifest: result.dashManifest, poster: result.poster, storyboard: result.storyboard, outputBytes: bytes,
            source: result.probe)
        let note = UserNotification(userId: owner, kind: "video.ready", title: "ready", body: "", videoId: video.id, createdAt: now)
        #expect(try await app.ports.processing.publish(videoId: video.id, media: media, notification: note, at: now))
        return video.id
    }

    /// The stored bytes of a package file.
    static func stored(_ app: AppDependencies, _ videoId: UUID, _ file: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: app.config.dataDir + "/objects/" + Video.mediaKey(videoId, path: file).value)))
    }
}

struct Viewer {
    var access: String
    var id: String
    var profileId: String
}

extension TestClientProtocol {
    /// A new account on `plan` with its first profile.
    func viewer(_ app: AppDependencies, plan: String = "free") async throws -> Viewer {
        let user = try await signUp()
        if plan != "free" {
            try await app.postgres.query("UPDATE users SET plan_id = \(plan) WHERE id = \(UUID(uuidString: user.id)!)", logger: app.logger)
        }
        let profiles = try JSON(try await send(.get, "/api/v1/me/profiles", token: user.access).body)
        let profile = try #require(profiles["items"]?.array.first?["id"]?.string)
        return Viewer(access: user.access, id: user.id, profileId: profile)
    }

    func play(_ videoId: UUID, _ viewer: Viewer, device: String = "tv-1", name: String = "Living room TV") async throws -> TestResponse {
        try await send(
            .post, "/api/v1/videos/\(videoId.uuidString.lowercased())/play",
            json: #"{"profileId":"\#(viewer.profileId)","deviceId":"\#(device)","deviceName":"\#(name)"}"#, token: viewer.access)
    }

    func heartbeat(_ session: String, _ viewer: Viewer, position: Double) async throws -> TestResponse {
        try await send(
            .post, "/api/v1/playback/\(session)/heartbeat",
            json: #"{"positionSeconds":\#(position),"rendition":"480p","bufferHealthSeconds":12.5,"bitrate":1200000}"#, token: viewer.access
        )
    }

    /// GET of a media URL as `play` returned it (path and query).
    func media(_ url: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: url, method: .get, headers: headers, body: nil)
    }
}

/// Runs `body` against the application listening on a loopback port (for ffprobe and other real HTTP clients).
func withLiveApp(
    _ overrides: [String: String] = [:], _ body: @Sendable (any TestClientProtocol, AppDependencies) async throws -> Void
) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    var config = try TestSettings.config(overrides)
    config.httpPort = 0
    let dependencies = try await AppDependencies.make(config: config, logger: logger)
    let app = buildApplication(dependencies, role: .api)
    try await app.test(.live) { client in try await body(client, dependencies) }
}
