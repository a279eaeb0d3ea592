import Domain
import UseCases

/// Every use case the HTTP layer calls, wired once by the composition root.
struct AppUseCases: Sendable {
    var registerUser: RegisterUser
    var loginUser: LoginUser
    var refreshSession: RefreshSession
    var logoutUser: LogoutUser
    var authenticate: AuthenticateAccessToken
    var setUpMFA: SetUpMFA
    var enableMFA: EnableMFA
    var disableMFA: DisableMFA
    var getCurrentUser: GetCurrentUser
    var updateCurrentUser: UpdateCurrentUser
    var listProfiles: ListProfiles
    var createProfile: CreateProfile
    var updateProfile: UpdateProfile
    var deleteProfile: DeleteProfile
    var listUsers: ListUsers
    var uploadVideo: UploadVideo
    var getVideo: GetVideo
    var updateVideo: UpdateVideo
    var deleteVideo: DeleteVideo
    var listMyVideos: ListMyVideos
    var getStorageUsage: GetStorageUsage
    var createUpload: CreateUpload
    var appendUpload: AppendUpload
    var getUploadStatus: GetUploadStatus
    var terminateUpload: TerminateUpload
    var listJobs: ListJobs
    var retryJob: RetryJob
    var getProcessingStatus: GetProcessingStatus
    var startPlayback: StartPlayback
    var recordHeartbeat: RecordHeartbeat
    var stopPlayback: StopPlayback
    var listStreams: ListStreams
    var listWatchHistory: ListWatchHistory
    var deleteWatchHistory: DeleteWatchHistory
    var listPlans: ListPlans
    var setUserPlan: SetUserPlan
    var deliverMedia: DeliverMedia
    var flushPlayback: FlushPlaybackProgress
    var restoreLeases: RestoreStreamLeases
    var expireSessions: ExpirePlaybackSessions
    var limits: MediaLimits
    var setUserRole: SetUserRole
    var listGenres: ListGenres
    var browseCatalog: BrowseCatalog
    var getChannel: GetChannel
    var listChannelVideos: ListChannelVideos
    var publishScheduled: PublishScheduledVideos
    var createSeries: CreateSeries
    var getSeries: GetSeries
    var updateSeries: UpdateSeries
    var deleteSeries: DeleteSeries
    var addSeason: AddSeason
    var attachEpisode: AttachEpisode
    var putCaption: PutCaption
    var setPoster: SetPoster
    var deleteCaption: DeleteCaption
    var listCaptions: ListCaptions

    /// The ports the use cases need.
    struct Ports: Sendable {
        var users: any UserRepository
        var profiles: any ProfileRepository
        var refreshTokens: any RefreshTokenRepository
        var hasher: any PasswordHasher
        var accessTokens: any AccessTokenService
        var otp: any OneTimePasswordService
        var tokens: any SecureTokenGenerator
        var rateLimiter: any RateLimiter
        var clock: any DateProvider
        var videos: any VideoRepository
        var uploads: any UploadRepository
        var staging: any UploadStagingStore
        var storage: any ObjectStorage
        var jobs: any JobQueue
        var processing: any VideoProcessingRepository
        var scratch: any ScratchSpace
        var transcoder: any Transcoder
        var plans: any PlanRepository
        var playbackSessions: any PlaybackSessionRepository
        var watchHistory: any WatchHistoryRepository
        var leases: any StreamLeaseStore
        var mediaTokens: any MediaTokenService
        var catalog: any CatalogRepository
        var series: any SeriesRepository
        var captions: any CaptionRepository
        var captionConverter: any CaptionConverter
        var posterEncoder: any PosterEncoder
        /// Heartbeats waiting for the next batched write (one per process).
        var playbackBuffer: PlaybackProgressBuffer
    }

    init(ports p: Ports, config: AppConfig) {
        let sessions = SessionIssuer(
            accessTokens: p.accessTokens, refreshTokens: p.refreshTokens, tokens: p.tokens, clock: p.clock,
            refreshLifetime: config.refreshTokenTTL)
        let authLimits = AuthRateLimits(limiter: p.rateLimiter, rule: config.authRateLimit)
        registerUser = RegisterUser(users: p.users, hasher: p.hasher, sessions: sessions, rateLimits: authLimits, clock: p.clock)
        loginUser = LoginUser(
            users: p.users, hasher: p.hasher, otp: p.otp, sessions: sessions, rateLimits: authLimits, clock: p.clock)
        refreshSession = RefreshSession(
            users: p.users, refreshTokens: p.refreshTokens, tokens: p.tokens, sessions: sessions, clock: p.clock)
        logoutUser = LogoutUser(refreshTokens: p.refreshTokens, tokens: p.tokens, clock: p.clock)
        authenticate = AuthenticateAccessToken(accessTokens: p.accessTokens)
        setUpMFA = SetUpMFA(users: p.users, otp: p.otp, issuer: config.mfaIssuer)
        enableMFA = EnableMFA(users: p.users, otp: p.otp, clock: p.clock)
        disableMFA = DisableMFA(users: p.users, otp: p.otp, clock: p.clock)
        getCurrentUser = GetCurrentUser(users: p.users)
        updateCurrentUser = UpdateCurrentUser(users: p.users, hasher: p.hasher, refreshTokens: p.refreshTokens, clock: p.clock)
        listProfiles = ListProfiles(users: p.users, profiles: p.profiles)
        createProfile = CreateProfile(users: p.users, profiles: p.profiles, clock: p.clock)
        updateProfile = UpdateProfile(users: p.users, profiles: p.profiles, clock: p.clock)
        deleteProfile = DeleteProfile(users: p.users, profiles: p.profiles)
        listUsers = ListUsers(users: p.users)
        let limits = MediaLimits(
            maxUploadBytes: config.maxUploadBytes, defaultQuotaBytes: config.defaultQuotaBytes, uploadExpiry: config.uploadExpiry)
        self.limits = limits
        uploadVideo = UploadVideo(users: p.users, videos: p.videos, storage: p.storage, limits: limits, clock: p.clock)
        getVideo = GetVideo(users: p.users, profiles: p.profiles, videos: p.videos, series: p.series, clock: p.clock)
        updateVideo = UpdateVideo(users: p.users, videos: p.videos, catalog: p.catalog, clock: p.clock)
        deleteVideo = DeleteVideo(users: p.users, videos: p.videos, clock: p.clock)
        listMyVideos = ListMyVideos(users: p.users, videos: p.videos)
        getStorageUsage = GetStorageUsage(users: p.users, videos: p.videos, limits: limits)
        let locks = UploadWriteLocks()
        createUpload = CreateUpload(users: p.users, uploads: p.uploads, staging: p.staging, limits: limits, clock: p.clock)
        appendUpload = AppendUpload(
            users: p.users, uploads: p.uploads, staging: p.staging, storage: p.storage, locks: locks, limits: limits, clock: p.clock)
        getUploadStatus = GetUploadStatus(
            users: p.users, uploads: p.uploads, staging: p.staging, storage: p.storage, locks: locks, clock: p.clock)
        terminateUpload = TerminateUpload(users: p.users, uploads: p.uploads, staging: p.staging, locks: locks)
        listJobs = ListJobs(users: p.users, jobs: p.jobs)
        retryJob = RetryJob(users: p.users, jobs: p.jobs)
        getProcessingStatus = GetProcessingStatus(users: p.users, processing: p.processing)
        let playback = config.playback
        let restore = RestoreStreamLeases(sessions: p.playbackSessions, leases: p.leases, clock: p.clock)
        restoreLeases = restore
        startPlayback = StartPlayback(
            users: p.users, videos: p.videos, profiles: p.profiles, plans: p.plans, sessions: p.playbackSessions, leases: p.leases,
            history: p.watchHistory, series: p.series, tokens: p.mediaTokens, restore: restore, settings: playback, clock: p.clock)
        recordHeartbeat = RecordHeartbeat(
            sessions: p.playbackSessions, leases: p.leases, buffer: p.playbackBuffer, settings: playback, clock: p.clock)
        stopPlayback = StopPlayback(sessions: p.playbackSessions, leases: p.leases, buffer: p.playbackBuffer, clock: p.clock)
        listStreams = ListStreams(users: p.users, plans: p.plans, sessions: p.playbackSessions, leases: p.leases, clock: p.clock)
        listWatchHistory = ListWatchHistory(users: p.users, profiles: p.profiles, history: p.watchHistory)
        deleteWatchHistory = DeleteWatchHistory(users: p.users, profiles: p.profiles, history: p.watchHistory)
        listPlans = ListPlans(plans: p.plans)
        setUserPlan = SetUserPlan(
            users: p.users, plans: p.plans, sessions: p.playbackSessions, leases: p.leases, buffer: p.playbackBuffer, clock: p.clock)
        deliverMedia = DeliverMedia(
            tokens: p.mediaTokens, storage: p.storage, clock: p.clock, redirectToStorage: config.mediaRedirectToS3 && config.s3 != nil)
        flushPlayback = FlushPlaybackProgress(buffer: p.playbackBuffer, sessions: p.playbackSessions)
        expireSessions = ExpirePlaybackSessions(sessions: p.playbackSessions, leases: p.leases, clock: p.clock)
        setUserRole = SetUserRole(users: p.users, plans: p.plans, clock: p.clock)
        listGenres = ListGenres(catalog: p.catalog)
        browseCatalog = BrowseCatalog(users: p.users, profiles: p.profiles, catalog: p.catalog, clock: p.clock)
        getChannel = GetChannel(users: p.users, profiles: p.profiles, catalog: p.catalog, clock: p.clock)
        listChannelVideos = ListChannelVideos(users: p.users, profiles: p.profiles, catalog: p.catalog, clock: p.clock)
        publishScheduled = PublishScheduledVideos(catalog: p.catalog, clock: p.clock)
        createSeries = CreateSeries(users: p.users, series: p.series, catalog: p.catalog, clock: p.clock)
        getSeries = GetSeries(users: p.users, profiles: p.profiles, series: p.series, history: p.watchHistory, clock: p.clock)
        updateSeries = UpdateSeries(users: p.users, series: p.series, catalog: p.catalog, clock: p.clock)
        deleteSeries = DeleteSeries(users: p.users, series: p.series, clock: p.clock)
        addSeason = AddSeason(users: p.users, series: p.series, clock: p.clock)
        attachEpisode = AttachEpisode(users: p.users, series: p.series, videos: p.videos, clock: p.clock)
        putCaption = PutCaption(
            users: p.users, videos: p.videos, captions: p.captions, converter: p.captionConverter, storage: p.storage, clock: p.clock)
        deleteCaption = DeleteCaption(users: p.users, videos: p.videos, captions: p.captions, storage: p.storage, clock: p.clock)
        listCaptions = ListCaptions(captions: p.captions, getVideo: getVideo)
        setPoster = SetPoster(users: p.users, videos: p.videos, encoder: p.posterEncoder, storage: p.storage, clock: p.clock)
    }
}
