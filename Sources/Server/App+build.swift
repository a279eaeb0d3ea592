import Adapters
import Domain
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import PostgresNIO
import ServiceLifecycle
import UseCases

/// Which parts of the server a process runs.
public enum ServerRole: String, Sendable, CaseIterable {
    /// HTTP API and background workers.
    case all
    /// HTTP API only.
    case api
    /// Background workers only.
    case worker
}

/// The adapters and use cases of one process: the only place adapters are constructed.
struct AppDependencies: Sendable {
    let config: AppConfig
    let postgres: PostgresClient
    let redis: RedisClient
    let ports: AppUseCases.Ports
    let useCases: AppUseCases
    let metrics: HTTPMetrics
    let logger: Logger
    let storage: any ObjectStorage
    /// Opened once migrations have run (role `all`); workers wait for it.
    let startGate = StartGate()
    /// Stored manifests held briefly, shared by every viewer of a video.
    let manifestSources = ManifestSourceCache()
    /// Where requests come from.
    let countries: CountryResolver

    static func make(config: AppConfig, logger: Logger) async throws -> AppDependencies {
        let postgres = PostgresClient(configuration: config.postgres, backgroundLogger: logger)
        let redis = RedisClient(configuration: config.redis, logger: logger)
        let storage: any ObjectStorage
        if let s3 = config.s3 {
            let s3Storage = try S3ObjectStorage(configuration: s3)
            if config.s3CreateBucket { try await s3Storage.createBucketIfMissing() }
            storage = s3Storage
        } else {
            storage = LocalDiskObjectStorage(root: config.dataDir + "/objects")
        }
        let playback = PlaybackPostgresRepository(client: postgres, logger: logger)
        let ports = AppUseCases.Ports(
            users: UserPostgresRepository(client: postgres, logger: logger),
            profiles: ProfilePostgresRepository(client: postgres, logger: logger),
            refreshTokens: RefreshTokenPostgresRepository(client: postgres, logger: logger),
            hasher: BcryptPasswordHasher(cost: config.bcryptCost),
            accessTokens: await JWTAccessTokenService(
                current: config.jwtKey, previous: config.jwtPreviousKeys, lifetime: config.accessTokenTTL),
            otp: TOTPOneTimePasswordService(),
            tokens: SHA256SecureTokenGenerator(),
            rateLimiter: RateLimitRedisStore(redis: redis, keyPrefix: config.redisKeyPrefix, logger: logger),
            clock: SystemDateProvider(),
            videos: VideoPostgresRepository(client: postgres, logger: logger),
            uploads: UploadPostgresRepository(client: postgres, logger: logger),
            staging: UploadStagingDiskStore(root: config.dataDir + "/uploads"),
            storage: storage,
            jobs: JobPostgresQueue(client: postgres, logger: logger),
            processing: VideoProcessingPostgresRepository(client: postgres, logger: logger),
            scratch: LocalScratchSpace(root: config.dataDir + "/work"),
            transcoder: ChildProcessTranscoder(
                executable: config.transcoderBinary ?? ChildProcessTranscoder.currentExecutable,
                environment: config.transcoderEnvironment,
                limits: .init(secondsPerSourceSecond: config.transcodeTimeoutFactor, minimumSeconds: config.transcodeTimeoutMinimum)),
            plans: PlanPostgresRepository(client: postgres, logger: logger),
            playbackSessions: playback,
            watchHistory: playback,
            leases: StreamLeaseRedisStore(redis: redis, keyPrefix: config.redisKeyPrefix, logger: logger),
            mediaTokens: HMACMediaTokenService(secret: config.mediaTokenSecret),
            catalog: CatalogPostgresRepository(client: postgres, logger: logger),
            series: SeriesPostgresRepository(client: postgres, logger: logger),
            captions: CaptionPostgresRepository(client: postgres, logger: logger),
            captionConverter: FFmpegCaptionConverter(directory: config.dataDir + "/work"),
            posterEncoder: FFmpegPosterEncoder(directory: config.dataDir + "/work"),
            playbackBuffer: PlaybackProgressBuffer())
        let countries = CountryResolver(
            header: config.geoCountryHeader.flatMap { HTTPField.Name($0) },
            trustedProxies: config.trustedProxies.compactMap(IPNetwork.init),
            locator: try config.geoIPDatabase.map { try GeoIPMaxMindLocator(path: $0) }, trustForwardedFor: config.trustProxy)
        return AppDependencies(
            config: config, postgres: postgres, redis: redis, ports: ports,
            useCases: AppUseCases(ports: ports, config: config), metrics: HTTPMetrics(), logger: logger, storage: storage,
            countries: countries)
    }

    /// Applies pending migrations (waits for the database to accept connections).
    func migrate() async throws {
        let migrations = try PostgresMigrator.load(directory: config.migrationsDir)
        try await PostgresMigrator(client: postgres, logger: logger).migrate(migrations)
    }

    /// Background services for the worker role.
    var workers: [any Service] {
        let config = self.config
        return [
            RefreshTokenSweeper(refreshTokens: ports.refreshTokens, clock: ports.clock, interval: .seconds(3600), logger: logger),
            JobWorker(
                queue: ports.jobs, handlers: jobHandlers,
                concurrency: { kind in
                    config.jobConcurrency[kind]
                        ?? (kind == MediaJobs.transcode ? config.transcodeConcurrency : config.jobDefaultConcurrency)
                },
                lease: config.jobLease,
                pollInterval: config.jobPollInterval, gate: startGate, logger: logger),
            JobScheduler(
                queue: ports.jobs,
                schedules: [
                    .init(name: "expire-uploads", kind: MediaJobs.expireUploads, every: config.uploadExpirySweepInterval),
                    .init(name: "expire-playback-sessions", kind: PlaybackJobs.expireSessions, every: config.playbackSweepInterval),
                    .init(name: "publish-scheduled-videos", kind: PublishScheduledVideos.jobKind, every: config.publishInterval),
                ],
                gate: startGate, logger: logger),
        ]
    }

    /// Every job kind this process can run.
    var jobHandlers: [any JobHandler] {
        [
            TranscodeVideo(
                videos: ports.videos, processing: ports.processing, storage: ports.storage, transcoder: ports.transcoder,
                scratch: ports.scratch, settings: config.transcode, clock: ports.clock),
            PurgeVideoMedia(videos: ports.videos, storage: ports.storage, staging: ports.staging),
            ExpireUploads(uploads: ports.uploads, staging: ports.staging, clock: ports.clock),
            useCases.expireSessions,
            useCases.publishScheduled,
        ]
    }

    /// Services of the HTTP role: batched heartbeat writes, and the lease restore after a Redis loss (checked
    /// several times per heartbeat interval, so limits recover within one).
    var apiServices: [any Service] {
        let useCases = self.useCases
        let recoveryEvery = Duration.milliseconds(Int64(min(config.playback.heartbeatInterval * 1000 / 3, 5000)))
        return [
            PeriodicService(
                name: "playback progress flush", interval: config.playbackFlushInterval, runOnShutdown: true, gate: startGate,
                logger: logger, action: { try await useCases.flushPlayback.execute() }),
            PeriodicService(
                name: "stream lease recovery", interval: recoveryEvery, gate: startGate, logger: logger,
                action: {
                    do {
                        try await useCases.restoreLeases.execute()
                    } catch is LeaseStoreUnavailable {
                        // Redis is down; plays are limited by PostgreSQL until it is back.
                    }
                }),
        ]
    }
}

/// The router with every middleware and controller, and the table of registered routes.
func buildRouter(_ dependencies: AppDependencies) -> (Router<AppRequestContext>, [RouteTable.Entry]) {
    let config = dependencies.config
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLifecycleMiddleware(metrics: dependencies.metrics))
    router.add(middleware: CORSAllowListMiddleware(allowedOrigins: Set(config.corsAllowedOrigins)))
    router.add(middleware: AuthenticationMiddleware(authenticate: dependencies.useCases.authenticate))
    let limiter = RateLimitMiddleware(
        limiter: dependencies.ports.rateLimiter, anonymous: config.anonymousRateLimit, authenticated: config.userRateLimit,
        trustProxy: config.trustProxy)
    let routes = RouteTable(router: router, limiter: limiter)
    let u = dependencies.useCases
    let viewers = ViewerReader(countries: dependencies.countries)
    OperationsController(
        postgres: dependencies.postgres, redis: dependencies.redis, storage: dependencies.storage, metrics: dependencies.metrics
    )
    .register(on: routes)
    AuthController(
        registerUser: u.registerUser, loginUser: u.loginUser, refreshSession: u.refreshSession, logoutUser: u.logoutUser,
        setUpMFA: u.setUpMFA, enableMFA: u.enableMFA, disableMFA: u.disableMFA, bodyLimit: config.maxJSONBodyBytes,
        trustProxy: config.trustProxy
    )
    .register(on: routes)
    MeController(
        getCurrentUser: u.getCurrentUser, updateCurrentUser: u.updateCurrentUser, listProfiles: u.listProfiles,
        createProfile: u.createProfile, updateProfile: u.updateProfile, deleteProfile: u.deleteProfile, bodyLimit: config.maxJSONBodyBytes
    ).register(on: routes)
    AdminController(
        listUsers: u.listUsers, setUserPlan: u.setUserPlan, setUserRole: u.setUserRole, listJobs: u.listJobs, retryJob: u.retryJob,
        bodyLimit: config.maxJSONBodyBytes
    ).register(on: routes)
    VideoController(
        uploadVideo: u.uploadVideo, getVideo: u.getVideo, getProcessingStatus: u.getProcessingStatus, updateVideo: u.updateVideo,
        deleteVideo: u.deleteVideo, listMyVideos: u.listMyVideos, getStorageUsage: u.getStorageUsage, bodyLimit: config.maxJSONBodyBytes,
        viewers: viewers
    ).register(on: routes)
    UploadController(
        limits: u.limits, createUpload: u.createUpload, appendUpload: u.appendUpload, getUploadStatus: u.getUploadStatus,
        terminateUpload: u.terminateUpload
    ).register(on: routes)
    PlaybackController(
        startPlayback: u.startPlayback, recordHeartbeat: u.recordHeartbeat, stopPlayback: u.stopPlayback, listStreams: u.listStreams,
        deleteWatchHistory: u.deleteWatchHistory, listPlans: u.listPlans, listWatchHistory: u.listWatchHistory,
        bodyLimit: config.maxJSONBodyBytes, mediaBaseURL: config.mediaBaseURL, countries: dependencies.countries
    )
    .register(on: routes)
    CatalogController(
        listGenres: u.listGenres, browseCatalog: u.browseCatalog, getChannel: u.getChannel, listChannelVideos: u.listChannelVideos,
        viewers: viewers
    ).register(on: routes)
    SeriesController(
        createSeries: u.createSeries, getSeries: u.getSeries, updateSeries: u.updateSeries, deleteSeries: u.deleteSeries,
        addSeason: u.addSeason, attachEpisode: u.attachEpisode, viewers: viewers, bodyLimit: config.maxJSONBodyBytes
    ).register(on: routes)
    VideoExtrasController(
        putCaption: u.putCaption, deleteCaption: u.deleteCaption, listCaptions: u.listCaptions, setPoster: u.setPoster,
        viewers: viewers
    ).register(on: routes)
    MediaController(
        deliver: dependencies.useCases.deliverMedia, secureLink: config.mediaSecureLinkSecret.map(SecureLinkSigner.init(secret:)),
        manifestSources: dependencies.manifestSources
    ).register(on: routes)
    return (router, routes.entries)
}

/// The HTTP application (role `all` or `api`): Postgres and Redis clients and, for `all`, the workers run as its
/// services; migrations run before the server accepts connections.
public func buildApplication(
    config: AppConfig, role: ServerRole = .all, logger: Logger
) async throws
    -> some ApplicationProtocol
{
    let dependencies = try await AppDependencies.make(config: config, logger: logger)
    return buildApplication(dependencies, role: role)
}

/// The `Server` response field.
let serverName = "zviewer"

func buildApplication(_ dependencies: AppDependencies, role: ServerRole) -> some ApplicationProtocol {
    let (router, _) = buildRouter(dependencies)
    var services: [any Service] = [dependencies.postgres, dependencies.redis] + dependencies.apiServices
    if role == .all { services += dependencies.workers }
    var app = Application(
        router: router,
        server: httpServer(dependencies),
        configuration: .init(
            address: .hostname(dependencies.config.httpHost, port: dependencies.config.httpPort), serverName: serverName),
        services: services,
        logger: dependencies.logger)
    app.beforeServerStarts {
        try await dependencies.migrate()
        await dependencies.startGate.open()
    }
    return app
}

/// HTTP/1.1 through Hummingbird's own channel, with an idle timeout on keep-alive connections.
func httpServer(_ dependencies: AppDependencies) -> HTTPServerBuilder {
    let idle = dependencies.config.httpIdleTimeout.components
    return .http1(configuration: .init(idleTimeout: .seconds(idle.seconds)))
}
