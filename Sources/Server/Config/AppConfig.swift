import Adapters
import Domain
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import UseCases

/// Every setting of the server, read from the environment (and `.env`). `.env.example` documents each one.
public struct AppConfig: Sendable {
    public enum LogFormat: String, Sendable { case json, logfmt }

    public var httpHost = "127.0.0.1"
    public var httpPort = 8080
    public var databaseURL = "postgres://zviewer@127.0.0.1:5432/zviewer?sslmode=disable"
    public var postgres: PostgresClient.Configuration
    public var databasePoolSize = 20
    public var redis: RedisConfiguration
    public var redisKeyPrefix = "zv:"
    public var jwtKey: JWTAccessTokenService.SigningKey
    public var jwtPreviousKeys: [JWTAccessTokenService.SigningKey] = []
    public var accessTokenTTL: Duration = .seconds(900)
    public var refreshTokenTTL: Duration = .seconds(30 * 24 * 3600)
    public var dataDir = ".data"
    public var migrationsDir = "migrations"
    public var logLevel: Logger.Level = .info
    public var logFormat: LogFormat = .json
    public var bcryptCost: UInt8 = 12
    public var corsAllowedOrigins: [String] = []
    public var trustProxy = false
    /// The request header carrying the client's country, set by the CDN or proxy in front (`GEO_COUNTRY_HEADER`,
    /// e.g. `CF-IPCountry`).
    public var geoCountryHeader: String?
    /// Peers whose country header (and `X-Forwarded-For`) is believed (`TRUSTED_PROXIES`, CIDR list).
    public var trustedProxies: [String] = []
    /// A MaxMind-format database giving the country of client addresses (`GEOIP_DATABASE`).
    public var geoIPDatabase: String?
    /// How often videos whose publishing time has come are published (`PUBLISH_SWEEP_SECONDS`).
    public var publishInterval: Duration = .seconds(30)
    public var maxJSONBodyBytes = 1 << 20
    public var anonymousRateLimit = RateLimitRule(limit: 100, windowSeconds: 60)
    public var userRateLimit = RateLimitRule(limit: 1000, windowSeconds: 60)
    public var authRateLimit = RateLimitRule(limit: 10, windowSeconds: 60)
    public var mfaIssuer = "zviewer"
    public enum StorageBackend: String, Sendable { case local, s3 }
    public var storageBackend: StorageBackend = .local
    public var s3: S3ObjectStorage.Configuration?
    public var s3CreateBucket = false
    public var maxUploadBytes: Int64 = 8 << 30
    public var defaultQuotaBytes: Int64 = 50 << 30
    public var uploadExpiry: Duration = .seconds(24 * 3600)
    public var uploadExpirySweepInterval: Duration = .seconds(600)
    /// Workers per job kind (`JOB_CONCURRENCY=video.purge=2,...`); kinds not named get `jobDefaultConcurrency`.
    public var jobConcurrency: [String: Int] = [:]
    public var jobDefaultConcurrency = 2
    /// Transcodes at once per process (`TRANSCODE_CONCURRENCY`); libx264 already uses every core, so 1 on 2 cores.
    public var transcodeConcurrency = 1
    /// Encoding settings: ladder (`TRANSCODE_LADDER`), preset, threads, segment length, thumbnail interval.
    public var transcode = TranscodeSettings()
    /// Wall-clock limit of one transcode: `TRANSCODE_TIMEOUT_FACTOR` x duration, at least `TRANSCODE_TIMEOUT_MIN_SECONDS`.
    public var transcodeTimeoutFactor = 10.0
    public var transcodeTimeoutMinimum = 300.0
    /// The binary run as `<binary> transcode <spec>` (`TRANSCODER_BINARY`; default: this executable).
    public var transcoderBinary: String?
    /// Extra environment for the transcoder process (tests use it to inject faults); not read from the environment.
    public var transcoderEnvironment: [String: String] = [:]
    public var jobLease: Duration = .seconds(60)
    public var jobPollInterval: Duration = .milliseconds(1000)
    /// Heartbeat interval, missed heartbeats before a lease ends, media token lifetime, view rule.
    public var playback = PlaybackSettings()
    /// How long a keep-alive connection may sit idle before the server closes it (`HTTP_IDLE_TIMEOUT_SECONDS`).
    public var httpIdleTimeout: Duration = .seconds(75)
    /// How long a graceful shutdown (SIGTERM, SIGINT) may take before what is still running is cancelled
    /// (`SHUTDOWN_GRACE_SECONDS`): with PostgreSQL down, a job waiting for a connection would otherwise wait forever.
    public var shutdownGrace: Duration = .seconds(20)
    /// How often buffered heartbeats are written to PostgreSQL (`PLAYBACK_FLUSH_MS`).
    public var playbackFlushInterval: Duration = .milliseconds(2000)
    /// How often sessions whose lease ran out are ended (`PLAYBACK_SWEEP_SECONDS`).
    public var playbackSweepInterval: Duration = .seconds(30)
    /// HMAC key of media tokens (`MEDIA_TOKEN_SECRET`; default: derived from `JWT_SECRET`).
    public var mediaTokenSecret: [UInt8] = []
    /// Prepended to the media URLs `play` returns (`MEDIA_BASE_URL`, e.g. a CDN); empty: paths on this server.
    public var mediaBaseURL = ""
    /// With S3 storage, answer segment requests with a redirect to a presigned URL instead of proxying the bytes.
    public var mediaRedirectToS3 = false
    /// nginx `secure_link` secret (`MEDIA_SECURE_LINK_SECRET`): when set, rewritten manifests also sign each
    /// representation's init and segment URLs so nginx in front can serve them from disk itself.
    public var mediaSecureLinkSecret: String?

    /// Builds the configuration; throws the first missing or invalid setting.
    public static func load(environment: [String: String]) throws(ConfigError) -> AppConfig {
        var reader = EnvironmentReader(values: environment)
        return try AppConfig(reader: &reader)
    }

    /// The process environment over the `.env` file in the working directory (the environment wins).
    public static func processEnvironment(dotEnvPath: String = ".env") -> [String: String] {
        DotEnv.load(path: dotEnvPath).merging(ProcessInfo.processInfo.environment) { _, process in process }
    }

    init(reader env: inout EnvironmentReader) throws(ConfigError) {
        httpHost = env.string("HTTP_HOST", default: httpHost)
        httpPort = try env.int("HTTP_PORT", default: httpPort, range: 0...65535)
        databaseURL = env.string("DATABASE_URL", default: databaseURL)
        databasePoolSize = try env.int("DATABASE_POOL_SIZE", default: databasePoolSize, range: 1...500)
        postgres = try Self.postgresConfiguration(url: databaseURL, poolSize: databasePoolSize)
        let redisURL = env.string("REDIS_URL", default: "redis://127.0.0.1:6379/0")
        guard var redis = RedisConfiguration(url: redisURL) else {
            throw ConfigError(
                name: "REDIS_URL", reason: "must look like redis://[:password@]host[:port][/db] or unix:///path/to/redis.sock[?db=N]")
        }
        redis.poolSize = try env.int("REDIS_POOL_SIZE", default: redis.poolSize, range: 1...64)
        redis.commandTimeout = .milliseconds(try env.int("REDIS_TIMEOUT_MS", default: 2000, range: 10...60000))
        redis.connectTimeout = redis.commandTimeout
        self.redis = redis
        redisKeyPrefix = env.string("REDIS_KEY_PREFIX", default: redisKeyPrefix)

        var secret = env.optionalString("JWT_SECRET")
        if let path = env.optionalString("JWT_SECRET_FILE") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigError(name: "JWT_SECRET_FILE", reason: "cannot be read: \(path)")
            }
            secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let secret else {
            throw ConfigError(name: "JWT_SECRET", reason: "is required (at least 32 bytes; or set JWT_SECRET_FILE)")
        }
        guard secret.utf8.count >= 32 else {
            throw ConfigError(name: "JWT_SECRET", reason: "must be at least 32 bytes long")
        }
        jwtKey = .init(kid: env.string("JWT_KID", default: "k1"), secret: secret)
        if let previous = env.optionalString("JWT_PREVIOUS_KEYS") {
            for entry in previous.split(separator: ",") {
                let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8.count >= 32 else {
                    throw ConfigError(name: "JWT_PREVIOUS_KEYS", reason: "must be kid:secret pairs (secrets of 32+ bytes), comma-separated")
                }
                jwtPreviousKeys.append(.init(kid: parts[0], secret: parts[1]))
            }
        }
        accessTokenTTL = .seconds(try env.int("ACCESS_TOKEN_TTL_SECONDS", default: 900, range: 30...86400))
        refreshTokenTTL = .seconds(try env.int("REFRESH_TOKEN_TTL_SECONDS", default: 30 * 86400, range: 60...(365 * 86400)))
        dataDir = env.string("DATA_DIR", default: dataDir)
        migrationsDir = env.string("MIGRATIONS_DIR", default: migrationsDir)
        let level = env.string("LOG_LEVEL", default: "info")
        guard let parsedLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigError(name: "LOG_LEVEL", reason: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = parsedLevel
        let format = env.string("LOG_FORMAT", default: "json")
        guard let parsedFormat = LogFormat(rawValue: format.lowercased()) else {
            throw ConfigError(name: "LOG_FORMAT", reason: "must be json or logfmt")
        }
        logFormat = parsedFormat
        bcryptCost = UInt8(try env.int("BCRYPT_COST", default: 12, range: 4...16))
        corsAllowedOrigins = env.string("CORS_ALLOWED_ORIGINS", default: "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        trustProxy = try env.bool("TRUST_PROXY", default: false)
        geoCountryHeader = env.optionalString("GEO_COUNTRY_HEADER")
        if let header = geoCountryHeader, HTTPField.Name(header) == nil {
            throw ConfigError(name: "GEO_COUNTRY_HEADER", reason: "must be an HTTP field name such as CF-IPCountry")
        }
        trustedProxies = env.string("TRUSTED_PROXIES", default: "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for network in trustedProxies where IPNetwork(network) == nil {
            throw ConfigError(name: "TRUSTED_PROXIES", reason: "has \(network), not an address or CIDR network")
        }
        geoIPDatabase = env.optionalString("GEOIP_DATABASE")
        publishInterval = .seconds(try env.int("PUBLISH_SWEEP_SECONDS", default: 30, range: 1...60))
        maxJSONBodyBytes = try env.int("MAX_JSON_BODY_BYTES", default: maxJSONBodyBytes, range: 1024...(64 << 20))
        anonymousRateLimit.limit = try env.int("RATE_LIMIT_ANONYMOUS_PER_MINUTE", default: 100, range: 1...1_000_000)
        userRateLimit.limit = try env.int("RATE_LIMIT_USER_PER_MINUTE", default: 1000, range: 1...1_000_000)
        authRateLimit.limit = try env.int("RATE_LIMIT_AUTH_PER_MINUTE", default: 10, range: 1...1_000_000)
        mfaIssuer = env.string("MFA_ISSUER", default: mfaIssuer)
        try loadMedia(&env)
    }

    mutating func loadMedia(_ env: inout EnvironmentReader) throws(ConfigError) {
        let backend = env.string("STORAGE_BACKEND", default: "local").lowercased()
        guard let parsedBackend = StorageBackend(rawValue: backend) else {
            throw ConfigError(name: "STORAGE_BACKEND", reason: "must be local or s3")
        }
        storageBackend = parsedBackend
        if storageBackend == .s3 {
            func required(_ name: String) throws(ConfigError) -> String {
                guard let value = env.optionalString(name) else {
                    throw ConfigError(name: name, reason: "is required when STORAGE_BACKEND=s3")
                }
                return value
            }
            let endpoint = env.string("S3_ENDPOINT", default: "https://s3.\(env.string("S3_REGION", default: "us-east-1")).amazonaws.com")
            guard let url = URLComponents(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host?.isEmpty == false else {
                throw ConfigError(name: "S3_ENDPOINT", reason: "must look like http(s)://host[:port]")
            }
            s3 = S3ObjectStorage.Configuration(
                endpoint: endpoint, region: env.string("S3_REGION", default: "us-east-1"), bucket: try required("S3_BUCKET"),
                accessKeyId: try required("S3_ACCESS_KEY_ID"), secretAccessKey: try required("S3_SECRET_ACCESS_KEY"),
                pathStyle: try env.bool("S3_PATH_STYLE", default: false),
                partSize: try env.int("S3_PART_SIZE_MB", default: 8, range: 5...512) << 20)
            s3CreateBucket = try env.bool("S3_CREATE_BUCKET", default: false)
        }
        maxUploadBytes = Int64(try env.int("MAX_UPLOAD_BYTES", default: Int(maxUploadBytes), range: 1...(5 << 40)))
        defaultQuotaBytes = Int64(try env.int("DEFAULT_QUOTA_BYTES", default: Int(defaultQuotaBytes), range: 0...(1 << 50)))
        uploadExpiry = .seconds(try env.int("UPLOAD_EXPIRY_SECONDS", default: 24 * 3600, range: 1...(30 * 86400)))
        uploadExpirySweepInterval = .seconds(try env.int("UPLOAD_EXPIRY_SWEEP_SECONDS", default: 600, range: 1...86400))
        jobDefaultConcurrency = try env.int("JOB_DEFAULT_CONCURRENCY", default: 2, range: 0...64)
        for entry in env.string("JOB_CONCURRENCY", default: "").split(separator: ",") {
            let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), (0...64).contains(count) else {
                throw ConfigError(name: "JOB_CONCURRENCY", reason: "must be kind=count pairs (0 to 64), comma-separated")
            }
            jobConcurrency[parts[0]] = count
        }
        transcodeConcurrency = try env.int("TRANSCODE_CONCURRENCY", default: 1, range: 0...16)
        if let ladder = env.optionalString("TRANSCODE_LADDER") {
            guard let rungs = LadderRung.parse(ladder) else {
                throw ConfigError(name: "TRANSCODE_LADDER", reason: "must be shortSide:bitrate pairs, e.g. 1080:6000k,720:3000k")
            }
            transcode.rungs = rungs
        }
        let preset = env.string("TRANSCODE_PRESET", default: "veryfast")
        let presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]
        guard presets.contains(preset) else {
            throw ConfigError(name: "TRANSCODE_PRESET", reason: "must be one of \(presets.joined(separator: ", "))")
        }
        transcode.preset = preset
        transcode.threads = try env.int("TRANSCODE_THREADS", default: 0, range: 0...64)
        transcode.segmentSeconds = try env.int("TRANSCODE_SEGMENT_SECONDS", default: 4, range: 2...20)
        transcode.keyframeSeconds = transcode.segmentSeconds % 2 == 0 ? 2 : 1
        transcode.thumbnailIntervalSeconds = try env.int("THUMBNAIL_INTERVAL_SECONDS", default: 10, range: 1...600)
        transcode.maxDurationSeconds = Double(try env.int("MAX_VIDEO_DURATION_SECONDS", default: 6 * 3600, range: 1...(48 * 3600)))
        transcodeTimeoutFactor = Double(try env.int("TRANSCODE_TIMEOUT_FACTOR", default: 10, range: 1...1000))
        transcodeTimeoutMinimum = Double(try env.int("TRANSCODE_TIMEOUT_MIN_SECONDS", default: 300, range: 1...86400))
        transcoderBinary = env.optionalString("TRANSCODER_BINARY")
        jobLease = .seconds(try env.int("JOB_LEASE_SECONDS", default: 60, range: 2...3600))
        jobPollInterval = .milliseconds(try env.int("JOB_POLL_MS", default: 1000, range: 10...60000))
        playback.heartbeatInterval = Double(try env.int("PLAYBACK_HEARTBEAT_SECONDS", default: 30, range: 1...600))
        playback.missedHeartbeats = try env.int("PLAYBACK_MISSED_HEARTBEATS", default: 3, range: 1...20)
        playback.tokenLifetime = Double(try env.int("PLAYBACK_TOKEN_TTL_SECONDS", default: 4 * 3600, range: 60...(7 * 86400)))
        playback.view.afterSeconds = Double(try env.int("VIEW_AFTER_SECONDS", default: 10, range: 0...3600))
        playback.view.windowSeconds = try env.int("VIEW_WINDOW_SECONDS", default: 3600, range: 1...(30 * 86400))
        playbackFlushInterval = .milliseconds(try env.int("PLAYBACK_FLUSH_MS", default: 2000, range: 50...60000))
        playbackSweepInterval = .seconds(try env.int("PLAYBACK_SWEEP_SECONDS", default: 30, range: 1...3600))
        if let media = env.optionalString("MEDIA_TOKEN_SECRET") {
            guard media.utf8.count >= 32 else { throw ConfigError(name: "MEDIA_TOKEN_SECRET", reason: "must be at least 32 bytes long") }
            mediaTokenSecret = Array(media.utf8)
        } else {
            mediaTokenSecret = HMACMediaTokenService.derivedSecret(from: Array(jwtKey.secret.utf8))
        }
        mediaBaseURL = env.string("MEDIA_BASE_URL", default: "")
        if !mediaBaseURL.isEmpty {
            guard let url = URLComponents(string: mediaBaseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                url.query == nil
            else {
                throw ConfigError(name: "MEDIA_BASE_URL", reason: "must be an http(s) URL without a query (got \(mediaBaseURL))")
            }
            while mediaBaseURL.hasSuffix("/") { mediaBaseURL.removeLast() }
        }
        mediaRedirectToS3 = try env.bool("MEDIA_S3_REDIRECT", default: false)
        httpIdleTimeout = .seconds(try env.int("HTTP_IDLE_TIMEOUT_SECONDS", default: 75, range: 1...3600))
        shutdownGrace = .seconds(try env.int("SHUTDOWN_GRACE_SECONDS", default: 20, range: 1...3600))
        if let secret = env.optionalString("MEDIA_SECURE_LINK_SECRET") {
            guard SecureLinkSigner.isUsableSecret(secret) else {
                throw ConfigError(
                    name: "MEDIA_SECURE_LINK_SECRET",
                    reason: "must be 16 to 256 characters of A-Z, a-z, 0-9, - and _ (it is written into nginx's configuration)")
            }
            mediaSecureLinkSecret = secret
        }
    }

    static func postgresConfiguration(url: String, poolSize: Int) throws(ConfigError) -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
        else {
            throw ConfigError(name: "DATABASE_URL", reason: "must look like postgres://user[:password]@host[:port]/database")
        }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslmode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw ConfigError(name: "DATABASE_URL", reason: "has an unknown sslmode \(sslmode)")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? user : database, tls: tls)
        configuration.options.maximumConnections = poolSize
        return configuration
    }
}
