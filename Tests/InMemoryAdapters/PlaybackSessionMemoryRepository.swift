import Domain
import Foundation

/// In-memory `PlaybackSessionRepository` and `WatchHistoryRepository`: sessions, their progress folded into a
/// per-profile history, and view counts, with the same rules as the real one.
public actor PlaybackSessionMemoryRepository: PlaybackSessionRepository, WatchHistoryRepository {
    private var sessions: [UUID: PlaybackSession] = [:]
    private var history: [String: WatchHistoryEntry] = [:]
    /// Views counted per video.
    public private(set) var views: [UUID: Int] = [:]
    let videos: VideoMemoryRepository

    public init(videos: VideoMemoryRepository) {
        self.videos = videos
    }

    /// Test helper: a session as stored.
    public func session(_ id: UUID) -> PlaybackSession? { sessions[id] }

    public func start(_ session: PlaybackSession, limit: Int?) async throws -> SessionStart {
        let others = sessions.values.filter {
            $0.userId == session.userId && $0.isOpen && $0.leaseExpiresAt > session.startedAt && $0.deviceId != session.deviceId
        }
        if let limit, others.count >= limit { return .limitReached(active: others.sorted { $0.startedAt < $1.startedAt }) }
        var replaced: [UUID] = []
        for (id, open) in sessions where open.userId == session.userId && open.deviceId == session.deviceId && open.isOpen {
            sessions[id]?.endedAt = session.startedAt
            sessions[id]?.endReason = .replaced
            replaced.append(id)
        }
        var stored = session
        stored.videoTitle = try await videos.find(id: session.videoId)?.title
        sessions[session.id] = stored
        return .started(replaced: replaced)
    }

    public func find(id: UUID, userId: UUID) async throws -> PlaybackSession? {
        sessions[id].flatMap { $0.userId == userId ? $0 : nil }
    }

    public func live(userId: UUID, now: Date) async throws -> [PlaybackSession] {
        sessions.values.filter { $0.userId == userId && $0.isOpen && $0.leaseExpiresAt > now }.sorted { $0.startedAt < $1.startedAt }
    }

    public func allLive(now: Date) async throws -> [PlaybackSession] {
        sessions.values.filter { $0.isOpen && $0.leaseExpiresAt > now }.sorted { $0.startedAt < $1.startedAt }
    }

    public func end(
        id: UUID, userId: UUID, reason: SessionEndReason, progress: PlaybackProgress?, at date: Date
    ) async throws
        -> PlaybackSession?
    {
        guard var session = sessions[id], session.userId == userId, session.isOpen else { return nil }
        if let progress { try await apply(progress, to: &session) }
        session.endedAt = date
        session.endReason = reason
        sessions[id] = session
        return session
    }

    public func record(progress: [PlaybackProgress], views counted: [UUID: Int]) async throws {
        for item in progress {
            guard var session = sessions[item.sessionId] else { continue }
            try await apply(item, to: &session)
            session.leaseExpiresAt = item.leaseExpiresAt
            sessions[item.sessionId] = session
        }
        for (video, count) in counted { views[video, default: 0] += count }
    }

    public func expire(now: Date, limit: Int) async throws -> [PlaybackSession] {
        let due = sessions.values.filter { $0.isOpen && $0.leaseExpiresAt < now }.sorted { $0.leaseExpiresAt < $1.leaseExpiresAt }
        return due.prefix(limit).map { session in
            sessions[session.id]?.endedAt = now
            sessions[session.id]?.endReason = .expired
            return sessions[session.id]!
        }
    }

    /// A heartbeat's position and watched time on the session and in its profile's history.
    private func apply(_ progress: PlaybackProgress, to session: inout PlaybackSession) async throws {
        session.positionSeconds = progress.positionSeconds
        session.watchedSeconds += progress.watchedSeconds
        session.lastHeartbeatAt = max(session.lastHeartbeatAt, progress.at)
        let video = try await videos.find(id: session.videoId)
        let duration = video?.media?.durationSeconds
        let key = "\(session.profileId):\(session.videoId)"
        var entry =
            history[key]
            ?? WatchHistoryEntry(
                profileId: session.profileId, videoId: session.videoId, videoTitle: video?.title ?? "", durationSeconds: duration,
                positionSeconds: 0, watchedSeconds: 0, completed: false, lastWatchedAt: progress.at)
        entry.watchedSeconds += progress.watchedSeconds
        if progress.at >= entry.lastWatchedAt {
            entry.positionSeconds = progress.positionSeconds
            entry.completed = (duration ?? 0) > 0 && progress.positionSeconds >= WatchHistoryEntry.completionShare * duration!
            entry.lastWatchedAt = progress.at
        }
        history[key] = entry
    }

    // MARK: WatchHistoryRepository

    public func entry(profileId: UUID, videoId: UUID) async throws -> WatchHistoryEntry? { history["\(profileId):\(videoId)"] }

    public func entries(profileId: UUID, videoIds: [UUID]) async throws -> [WatchHistoryEntry] {
        videoIds.compactMap { history["\(profileId):\($0)"] }
    }

    public func list(
        userId: UUID, profileId: UUID?, onlyInProgress: Bool, after: KeysetPosition?, limit: Int
    ) async throws
        -> [WatchHistoryEntry]
    {
        let profiles = Set(sessions.values.filter { $0.userId == userId }.map(\.profileId))
        let sorted = history.values.filter { entry in
            profiles.contains(entry.profileId) && (profileId == nil || entry.profileId == profileId)
                && (!onlyInProgress || (!entry.completed && entry.positionSeconds > 0))
        }.sorted { ($0.lastWatchedAt, $0.videoId.uuidString) > ($1.lastWatchedAt, $1.videoId.uuidString) }
        let page = sorted.filter { entry in
            guard let after else { return true }
            return (entry.lastWatchedAt, entry.videoId.uuidString) < (after.createdAt, after.id.uuidString)
        }
        return Array(page.prefix(limit))
    }

    public func delete(userId: UUID, profileId: UUID?, videoId: UUID) async throws -> Int {
        let profiles = Set(sessions.values.filter { $0.userId == userId }.map(\.profileId))
        let keys = history.filter {
            profiles.contains($0.value.profileId) && $0.value.videoId == videoId
                && (profileId == nil || $0.value.profileId == profileId)
        }.map(\.key)
        for key in keys { history[key] = nil }
        return keys.count
    }
}
