import Adapters
import Domain
import Testing
import UseCases

@testable import Server

@Suite struct ConfigTests {
    let base = ["JWT_SECRET": String(repeating: "k", count: 32)]

    @Test func defaultsNeedOnlyASecret() throws {
        let config = try AppConfig.load(environment: base)
        #expect(config.httpPort == 8080 && config.bcryptCost == 12 && config.authRateLimit.limit == 10)
        #expect(config.anonymousRateLimit.limit == 100 && config.userRateLimit.limit == 1000)
        #expect(config.httpIdleTimeout == .seconds(75))
        #expect(try AppConfig.load(environment: base.merging(["HTTP_IDLE_TIMEOUT_SECONDS": "5"]) { $1 }).httpIdleTimeout == .seconds(5))
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: base.merging(["HTTP_IDLE_TIMEOUT_SECONDS": "0"]) { $1 }) }
        #expect(config.shutdownGrace == .seconds(20))
        #expect(config.redis.unixSocketPath == nil && config.redis.host == "127.0.0.1" && config.redis.port == 6379)
        let socket = try AppConfig.load(environment: base.merging(["REDIS_URL": "unix:///run/redis/redis.sock?db=3"]) { $1 }).redis
        #expect(socket.unixSocketPath == "/run/redis/redis.sock" && socket.database == 3)
        #expect(try AppConfig.load(environment: base.merging(["SHUTDOWN_GRACE_SECONDS": "5"]) { $1 }).shutdownGrace == .seconds(5))
    }

    @Test(arguments: [
        ([:], "JWT_SECRET"),
        (["JWT_SECRET": "too short"], "JWT_SECRET"),
        (["HTTP_PORT": "eighty"], "HTTP_PORT"),
        (["DATABASE_URL": "mysql://x"], "DATABASE_URL"),
        (["REDIS_URL": "http://nope"], "REDIS_URL"),
        (["REDIS_URL": "unix://redis.sock"], "REDIS_URL"),
        (["LOG_FORMAT": "xml"], "LOG_FORMAT"),
        (["LOG_LEVEL": "loud"], "LOG_LEVEL"),
        (["STORAGE_BACKEND": "ftp"], "STORAGE_BACKEND"),
        (["STORAGE_BACKEND": "s3"], "S3_BUCKET"),
        (["STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_ACCESS_KEY_ID": "k"], "S3_SECRET_ACCESS_KEY"),
        (["STORAGE_BACKEND": "s3", "S3_ENDPOINT": "minio:9000", "S3_BUCKET": "b"], "S3_ENDPOINT"),
        (["MAX_UPLOAD_BYTES": "0"], "MAX_UPLOAD_BYTES"),
        (["DEFAULT_QUOTA_BYTES": "-1"], "DEFAULT_QUOTA_BYTES"),
        (["JOB_CONCURRENCY": "video.purge"], "JOB_CONCURRENCY"),
        (["JOB_CONCURRENCY": "video.purge=100"], "JOB_CONCURRENCY"),
        (["TRANSCODE_LADDER": "1080p"], "TRANSCODE_LADDER"),
        (["TRANSCODE_LADDER": "720:10"], "TRANSCODE_LADDER"),
        (["TRANSCODE_PRESET": "warp"], "TRANSCODE_PRESET"),
        (["TRANSCODE_CONCURRENCY": "-1"], "TRANSCODE_CONCURRENCY"),
        (["TRANSCODE_SEGMENT_SECONDS": "1"], "TRANSCODE_SEGMENT_SECONDS"),
        (["TRANSCODE_TIMEOUT_FACTOR": "0"], "TRANSCODE_TIMEOUT_FACTOR"),
        (["PLAYBACK_HEARTBEAT_SECONDS": "0"], "PLAYBACK_HEARTBEAT_SECONDS"),
        (["PLAYBACK_MISSED_HEARTBEATS": "x"], "PLAYBACK_MISSED_HEARTBEATS"),
        (["PLAYBACK_FLUSH_MS": "5"], "PLAYBACK_FLUSH_MS"),
        (["MEDIA_TOKEN_SECRET": "short"], "MEDIA_TOKEN_SECRET"),
        (["MEDIA_BASE_URL": "cdn.example.com"], "MEDIA_BASE_URL"),
        (["MEDIA_BASE_URL": "https://cdn.example.com/?x=1"], "MEDIA_BASE_URL"),
        (["MEDIA_SECURE_LINK_SECRET": "short"], "MEDIA_SECURE_LINK_SECRET"),
        (["MEDIA_SECURE_LINK_SECRET": "has a space in it, long enough"], "MEDIA_SECURE_LINK_SECRET"),
        (["MEDIA_SECURE_LINK_SECRET": "dollar$sign-would-be-an-nginx-variable"], "MEDIA_SECURE_LINK_SECRET"),
        (["MEDIA_S3_REDIRECT": "maybe"], "MEDIA_S3_REDIRECT"),
        (["HTTP_IDLE_TIMEOUT_SECONDS": "forever"], "HTTP_IDLE_TIMEOUT_SECONDS"),
        (["SHUTDOWN_GRACE_SECONDS": "0"], "SHUTDOWN_GRACE_SECONDS"),
        (["SHUTDOWN_GRACE_SECONDS": "soon"], "SHUTDOWN_GRACE_SECONDS"),
    ])
    func invalidSettingsNameTheVariable(overrides: [String: String], name: String) {
        var environment = overrides.keys.contains("JWT_SECRET") || overrides.isEmpty ? [:] : base
        environment.merge(overrides) { _, new in new }
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: environment) }
        do {
            _ = try AppConfig.load(environment: environment)
        } catch {
            #expect(error.name == name)
        }
    }

    @Test func mediaSettings() throws {
        let local = try AppConfig.load(environment: base)
        #expect(local.storageBackend == .local && local.s3 == nil)
        #expect(local.maxUploadBytes == 8 << 30 && local.defaultQuotaBytes == 50 << 30)
        var environment = base
        environment.merge([
            "STORAGE_BACKEND": "s3", "S3_ENDPOINT": "http://127.0.0.1:9000", "S3_BUCKET": "media", "S3_ACCESS_KEY_ID": "k",
            "S3_SECRET_ACCESS_KEY": "s", "S3_PATH_STYLE": "true", "JOB_CONCURRENCY": "video.purge=3, uploads.expire=0",
        ]) { _, new in new }
        let s3 = try AppConfig.load(environment: environment)
        #expect(s3.s3?.bucket == "media" && s3.s3?.pathStyle == true && s3.s3?.partSize == 8 << 20)
        #expect(s3.jobConcurrency == ["video.purge": 3, "uploads.expire": 0])
    }

    @Test func transcodingSettings() throws {
        let defaults = try AppConfig.load(environment: base)
        #expect(
            defaults.transcodeConcurrency == 1 && defaults.transcode.preset == "veryfast" && defaults.transcode.rungs == LadderRung.defaults
        )
        #expect(defaults.transcode.segmentSeconds == 4 && defaults.transcode.keyframeSeconds == 2 && defaults.transcodeTimeoutFactor == 10)
        var environment = base
        environment.merge([
            "TRANSCODE_LADDER": "720:2500k,360:600k", "TRANSCODE_PRESET": "fast", "TRANSCODE_CONCURRENCY": "2", "TRANSCODE_THREADS": "4",
            "TRANSCODE_SEGMENT_SECONDS": "6",
        ]) { _, new in new }
        let custom = try AppConfig.load(environment: environment)
        #expect(custom.transcode.rungs.map(\.shortSide) == [720, 360] && custom.transcode.rungs[0].videoBitRate == 2_500_000)
        #expect(custom.transcode.preset == "fast" && custom.transcodeConcurrency == 2 && custom.transcode.threads == 4)
        #expect(custom.transcode.segmentSeconds == 6 && custom.transcode.keyframeSeconds == 2)
    }

    @Test func playbackSettings() throws {
        let defaults = try AppConfig.load(environment: base)
        #expect(defaults.playback.heartbeatInterval == 30 && defaults.playback.leaseSeconds == 90)
        #expect(defaults.playback.view == ViewRule(afterSeconds: 10, windowSeconds: 3600) && defaults.mediaBaseURL.isEmpty)
        // The media key is derived from the JWT secret unless one is given, and never equals it.
        #expect(defaults.mediaTokenSecret.count == 32 && defaults.mediaTokenSecret != Array(base["JWT_SECRET"]!.utf8))
        var environment = base
        environment.merge([
            "PLAYBACK_HEARTBEAT_SECONDS": "10", "PLAYBACK_MISSED_HEARTBEATS": "2", "MEDIA_BASE_URL": "https://cdn.example.com/",
            "MEDIA_TOKEN_SECRET": String(repeating: "m", count: 40), "VIEW_AFTER_SECONDS": "30",
            "MEDIA_SECURE_LINK_SECRET": "Secure_link-Secret-0123",
        ]) { _, new in new }
        let custom = try AppConfig.load(environment: environment)
        #expect(custom.playback.leaseSeconds == 20 && custom.playback.view.afterSeconds == 30)
        #expect(
            custom.mediaBaseURL == "https://cdn.example.com" && custom.mediaTokenSecret == Array(String(repeating: "m", count: 40).utf8))
        #expect(defaults.mediaSecureLinkSecret == nil && custom.mediaSecureLinkSecret == "Secure_link-Secret-0123")
    }

    @Test func dotEnvParsing() {
        let values = DotEnv.parse("# comment\nexport A=1\nB = \"two words\"\nC='x=y'\nD=plain # trailing\n")
        #expect(values == ["A": "1", "B": "two words", "C": "x=y", "D": "plain"])
    }
}
