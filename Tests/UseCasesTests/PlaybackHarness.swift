import Domain
import Foundation
import InMemoryAdapters
import Testing
import UseCases

/// The playback use cases wired to in-memory fakes, with a ready video of four rungs (1080p to 360p).
struct PlaybackHarness {
    let base = Harness()
    let videos = VideoMemoryRepository()
    let leases = StreamLeaseMemoryStore()
    let records: PlaybackSessionMemoryRepository
    let plans: PlanMemoryRepository
    let series: SeriesMemoryRepository
    let catalog: CatalogMemoryRepository
    let mediaTokens = FakeMediaTokenService()
    let buffer = PlaybackProgressBuffer()
    let settings = PlaybackSettings(heartbeatInterval: 30, missedHeartbeats: 3, view: ViewRule(afterSeconds: 10, windowSeconds: 3600))
    var clock: ManualClock { base.clock }

    init() {
        records = PlaybackSessionMemoryRepository(videos: videos)
        plans = PlanMemoryRepository(users: base.users)
        series = SeriesMemoryRepository(videos: videos)
        catalog = CatalogMemoryRepository(videos: videos, series: series)
    }

    var restore: RestoreStreamLeases { RestoreStreamLeases(sessions: records, leases: leases, clock: clock) }
    var start: StartPlayback {
        StartPlayback(
            users: base.users, videos: videos, profiles: base.profiles, plans: plans, sessions: records, leases: leases,
            history: records, series: series, tokens: mediaTokens, restore: restore, settings: settings, clock: clock)
    }
    var heartbeat: RecordHeartbeat { RecordHeartbeat(sessions: records, leases: leases, buffer: buffer, settings: settings, clock: clock) }
    var stop: StopPlayback { StopPlayback(sessions: records, leases: leases, buffer: buffer, clock: clock) }
    var sweep: ExpirePlaybackSessions { ExpirePlaybackSessions(sessions: records, leases: leases, clock: clock) }
    var flush: FlushPlaybackProgress { FlushPlaybackProgress(buffer: buffer, sessions: records) }
    var streams: ListStreams { ListStreams(users: base.users, plans: plans, sessions: records, leases: leases, clock: clock) }
    var setPlan: SetUserPlan {
        SetUserPlan(users: base.users, plans: plans, sessions: records, leases: leases, buffer: buffer, clock: clock)
    }

    /// An account on `plan`, with its first profile.
    func viewer(plan: String = "free") async throws -> (principal: Principal, profileId: UUID) {
        let (_, principal) = try await base.signUp()
        if plan != "free" { _ = try await plans.setPlan(userId: principal.userId, planId: plan) }
        let profile = try #require(try await base.profiles.list(userId: principal.userId).first)
        return (principal, profile.id)
    }

    /// An admin account.
    func admin() async throws -> Principal {
        let (_, principal) = try await base.signUp()
        await base.users.set(id: principal.userId, role: .admin)
        return principal
    }

    /// A ready public video, ten minutes long, with a 1080p to 360p ladder.
    func readyVideo(owner: UUID = UUID(), title: String = "Big Buck Bunny", _ catalog: VideoCatalog = VideoCatalog()) async throws -> UUID {
        let id = UUID()
        let rungs = [(1920, 1080), (1280, 720), (854, 480), (640, 360)].map { width, height in
            Rendition(
                name: "\(height)p", width: width, height: height, videoBitRate: height * 5000, peakBitRate: height * 6000,
                averageBitRate: height * 5000, frameRate: 25, codecs: "avc1.640028", playlist: "hls-\(height)p.m3u8")
        }
        let probe = MediaProbe(container: "mov,mp4", durationSeconds: 600, bitRate: 8_000_000, videoStreams: [], audioStreams: [])
        let media = PublishedMedia(
            durationSeconds: 600, renditions: rungs, audio: nil, hlsMaster: "master.m3u8", dashManifest: "manifest.mpd",
            poster: "poster.jpg", storyboard: "storyboard.vtt", outputBytes: 1000, source: probe)
        let video = Video(
            id: id, ownerId: owner, title: title, description: "", tags: [], visibility: .public, status: .ready,
            originalFilename: "bbb.mp4", sizeBytes: 1000, createdAt: clock.now(), updatedAt: clock.now(), media: media)
        var catalogued = video
        catalogued.catalog = catalog
        try await videos.create(catalogued, job: nil, defaultQuotaBytes: .max)
        return id
    }

    func play(_ video: UUID, _ viewer: (principal: Principal, profileId: UUID), device: String) async throws -> StartPlayback.Output {
        try await start.execute(
            .init(principal: viewer.principal, videoId: video, profileId: viewer.profileId, deviceId: device, deviceName: device))
    }

    func beat(_ session: UUID, _ viewer: (principal: Principal, profileId: UUID), at position: Double) async throws -> Double {
        try await heartbeat.execute(.init(principal: viewer.principal, sessionId: session, positionSeconds: position))
    }
}
