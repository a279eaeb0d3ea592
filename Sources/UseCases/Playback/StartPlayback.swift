import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Starting a stream: checks the video, the profile and the plan, takes a stream lease within the plan's
/// limit, records the session and signs a media token for the renditions the plan allows.
public struct StartPlayback: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var videoId: UUID
        public var profileId: UUID
        public var deviceId: String
        public var deviceName: String
        /// Where the request comes from, when known.
        public var country: CountryCode?

        public init(
            principal: Principal, videoId: UUID, profileId: UUID, deviceId: String, deviceName: String, country: CountryCode? = nil
        ) {
            self.principal = principal
            self.videoId = videoId
            self.profileId = profileId
            self.deviceId = deviceId
            self.deviceName = deviceName
            self.country = country
        }
    }

    public struct Output: Sendable {
        public var session: PlaybackSession
        public var media: PublishedMedia
        public var grant: MediaGrant
        public var token: String
        public var resumePositionSeconds: Double
        /// The highest rendition this stream may use (`720p`).
        public var maxResolution: String?
        public var heartbeatIntervalSeconds: Double
        /// For an episode: the next one this profile may watch.
        public var nextEpisodeId: UUID?
    }

    let users: any UserRepository
    let videos: any VideoRepository
    let profiles: any ProfileRepository
    let plans: any PlanRepository
    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let history: any WatchHistoryRepository
    let series: any SeriesRepository
    let tokens: any MediaTokenService
    let restore: RestoreStreamLeases
    let settings: PlaybackSettings
    let clock: any DateProvider

    public init(
        users: any UserRepository, videos: any VideoRepository, profiles: any ProfileRepository, plans: any PlanRepository,
        sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore, history: any WatchHistoryRepository,
        series: any SeriesRepository, tokens: any MediaTokenService, restore: RestoreStreamLeases, settings: PlaybackSettings,
        clock: any DateProvider
    ) {
        self.users = users
        self.videos = videos
        self.profiles = profiles
        self.plans = plans
        self.sessions = sessions
        self.leases = leases
        self.history = history
        self.series = series
        self.tokens = tokens
        self.restore = restore
        self.settings = settings
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> Output {
        let deviceId = try Self.deviceId(input.deviceId)
        let deviceName = try Self.deviceName(input.deviceName)
        let user = try await users.activeUser(input.principal)
        guard let video = try await videos.find(id: input.videoId) else { throw VideoError.notFound }
        guard let profile = try await profiles.list(userId: user.id).first(where: { $0.id == input.profileId }) else {
            throw ProfileError.notFound
        }
        let audience = Audience(
            viewerId: user.id, role: user.role, maxMaturity: profile.maxMaturity, country: input.country, now: clock.now())
        switch audience.access(to: video) {
        case .hidden: throw VideoError.notFound
        case .unavailable(let reason): throw PlaybackError.unavailable(reason)
        case .available: break
        }
        guard video.status == .ready, var media = video.media, !media.renditions.isEmpty else { throw PlaybackError.videoNotReady }
        media.poster = SetPoster.file(video.catalog.posterVersion, generated: media.poster)
        if video.catalog.captionsVersion > 0 {
            // The master and MPD that list the video's captions.
            media.hlsMaster = CaptionManifests.hlsMaster(video.catalog.captionsVersion)
            media.dashManifest = CaptionManifests.dash(video.catalog.captionsVersion)
        }
        guard let plan = try await plans.plan(ofUser: user.id) else { throw AuthError.unauthenticated }

        let allowed = plan.allowedRenditions(of: media.renditions)
        var granted = media.renditions.enumerated().filter { allowed.contains($0.element) }.map {
            GrantedRendition(representationId: $0.offset, name: $0.element.name)
        }
        if media.audio != nil { granted.append(GrantedRendition(representationId: media.renditions.count, name: "audio")) }

        let now = clock.now()
        let session = PlaybackSession(
            id: UUID(), userId: user.id, profileId: input.profileId, videoId: video.id, videoTitle: video.title, deviceId: deviceId,
            deviceName: deviceName, maxHeight: plan.maxHeight, startedAt: now, lastHeartbeatAt: now,
            leaseExpiresAt: settings.leaseExpiry(after: now))

        // The lease first (atomic across replicas); the session records count under a lock instead while the lease
        // store is unreachable.
        var recordLimit: Int?
        do {
            try await acquireLease(session, limit: plan.maxStreams, now: now)
        } catch is LeaseStoreUnavailable {
            recordLimit = plan.maxStreams
        }
        let started: SessionStart
        do {
            started = try await sessions.start(session, limit: recordLimit)
        } catch {
            try? await leases.release(userId: user.id, sessionId: session.id)
            throw error
        }
        if case .limitReached(let active) = started {
            throw PlaybackError.concurrentStreamLimit(limit: plan.maxStreams, active: active)
        }

        let entry = try await history.entry(profileId: input.profileId, videoId: video.id)
        var resume = 0.0
        if let entry, !entry.completed, entry.positionSeconds < media.durationSeconds - 1 { resume = entry.positionSeconds }
        let grant = MediaGrant(
            videoId: video.id, sessionId: session.id,
            expiresAt: now.addingTimeInterval(max(settings.tokenLifetime, 2 * media.durationSeconds)), renditions: granted)
        let next = try await video.catalog.episode.asyncMap { try await series.nextEpisode(after: $0, audience: audience) }
        let top = allowed.max { min($0.width, $0.height) < min($1.width, $1.height) }
        return Output(
            session: session, media: media, grant: grant, token: tokens.sign(grant), resumePositionSeconds: resume,
            maxResolution: top?.name, heartbeatIntervalSeconds: settings.heartbeatInterval, nextEpisodeId: next ?? nil)
    }

    private func acquireLease(_ session: PlaybackSession, limit: Int, now: Date) async throws {
        var result = try await leases.acquire(session.lease, limit: limit, now: now)
        if result == .needsRestore {
            try await restore.execute()
            result = try await leases.acquire(session.lease, limit: limit, now: now)
        }
        switch result {
        case .acquired, .needsRestore:
            return
        case .limitReached(let active):
            let live = try await sessions.live(userId: session.userId, now: now)
            var listed = live.filter { active[$0.id] != nil }
            for index in listed.indices {
                if let heartbeat = active[listed[index].id] { listed[index].lastHeartbeatAt = heartbeat }
            }
            throw PlaybackError.concurrentStreamLimit(limit: limit, active: listed.isEmpty ? live : listed)
        }
    }

    static func deviceId(_ raw: String) throws -> String {
        let value = raw.trimmed()
        guard (1...128).contains(value.utf8.count), value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw ValidationError(
                field: "deviceId", code: "invalid_device_id", message: "deviceId must be 1 to 128 visible ASCII characters")
        }
        return value
    }

    static func deviceName(_ raw: String) throws -> String {
        let value = raw.trimmed()
        guard (1...100).contains(value.count), !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw ValidationError(
                field: "deviceName", code: "invalid_device_name", message: "deviceName must be 1 to 100 characters, no control characters")
        }
        return value
    }
}
