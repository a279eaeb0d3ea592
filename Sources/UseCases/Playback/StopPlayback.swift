#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain

/// Ends a stream at once and frees its slot: the player's stop (`POST /playback/{id}/stop`) or the account's remote
/// stop of a device (`DELETE /me/streams/{id}`). PostgreSQL is ended first, then the lease is released, so a
/// heartbeat that finds no lease always finds the session ended.
public struct StopPlayback: Sendable {
    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let buffer: PlaybackProgressBuffer
    let clock: any DateProvider

    public init(sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore, buffer: PlaybackProgressBuffer, clock: any DateProvider) {
        self.sessions = sessions
        self.leases = leases
        self.buffer = buffer
        self.clock = clock
    }

    /// Stops the caller's session. A session already ended is left as it is (stopping is idempotent); another
    /// account's session is `sessionNotFound`.
    public func execute(principal: Principal, sessionId: UUID, positionSeconds: Double?, reason: SessionEndReason) async throws {
        if let positionSeconds, !(positionSeconds.isFinite && (0...1e7).contains(positionSeconds)) {
            throw ValidationError(field: "positionSeconds", code: "invalid_position", message: "positionSeconds must be a number from 0 to 10000000")
        }
        let now = clock.now()
        var progress = buffer.take(sessionId: sessionId)
        guard let session = try await sessions.find(id: sessionId, userId: principal.userId) else {
            throw PlaybackError.sessionNotFound
        }
        if let positionSeconds {
            let previous = progress?.positionSeconds ?? session.positionSeconds
            let since = progress?.at ?? session.lastHeartbeatAt
            let final = PlaybackProgress(
                sessionId: sessionId, positionSeconds: positionSeconds,
                watchedSeconds: RecordHeartbeat.watched(from: previous, to: positionSeconds, over: now.timeIntervalSince(since)), at: now,
                leaseExpiresAt: now, rendition: progress?.rendition, bufferSeconds: progress?.bufferSeconds, bitrate: progress?.bitrate)
            progress = progress.map { final.merged(after: $0) } ?? final
        }
        // An already ended session is left as it is (end changes nothing then).
        if session.isOpen {
            _ = try await sessions.end(id: sessionId, userId: principal.userId, reason: reason, progress: progress, at: now)
        }
        do {
            try await leases.release(userId: principal.userId, sessionId: sessionId)
        } catch is LeaseStoreUnavailable {
            // Redis is down: its lease is gone with it or expires on its own; PostgreSQL already says ended.
        }
    }
}

/// `GET /me/streams`: the account's live streams (device, video, started, last heartbeat) and its plan's limit.
public struct ListStreams: Sendable {
    public struct Output: Sendable {
        public var plan: Plan
        public var sessions: [PlaybackSession]
    }

    let users: any UserRepository
    let plans: any PlanRepository
    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let clock: any DateProvider

    public init(
        users: any UserRepository, plans: any PlanRepository, sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore,
        clock: any DateProvider
    ) {
        self.users = users
        self.plans = plans
        self.sessions = sessions
        self.leases = leases
        self.clock = clock
    }

    public func execute(principal: Principal) async throws -> Output {
        let user = try await users.activeUser(principal)
        guard let plan = try await plans.plan(ofUser: user.id) else { throw AuthError.unauthenticated }
        return Output(plan: plan, sessions: try await Self.live(userId: user.id, now: clock.now(), sessions: sessions, leases: leases))
    }

    /// The account's live sessions with their latest heartbeats: Redis has those (PostgreSQL gets them in batches);
    /// PostgreSQL's stand when Redis is unreachable.
    static func live(
        userId: UUID, now: Date, sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore
    ) async throws -> [PlaybackSession] {
        var live = try await sessions.live(userId: userId, now: now)
        if let heartbeats = try? await leases.active(userId: userId, now: now) {
            for index in live.indices {
                if let last = heartbeats[live[index].id], last > live[index].lastHeartbeatAt { live[index].lastHeartbeatAt = last }
            }
        }
        return live
    }
}

/// Periodic job: ends sessions whose lease ran out (three missed heartbeats) with their last known position, and
/// drops their leases.
public struct ExpirePlaybackSessions: JobHandler {
    public let kind = PlaybackJobs.expireSessions
    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let clock: any DateProvider

    public init(sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore, clock: any DateProvider) {
        self.sessions = sessions
        self.leases = leases
        self.clock = clock
    }

    public func run(_ job: ClaimedJob) async throws {
        _ = try await execute()
    }

    /// Returns how many sessions were ended.
    public func execute() async throws -> Int {
        var total = 0
        while true {
            let expired = try await sessions.expire(now: clock.now(), limit: 500)
            for session in expired {
                try? await leases.release(userId: session.userId, sessionId: session.id)
            }
            total += expired.count
            if expired.count < 500 { return total }
        }
    }
}
