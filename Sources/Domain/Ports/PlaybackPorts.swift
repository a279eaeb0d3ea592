#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Plans and the plan each account is on.
public protocol PlanRepository: Sendable {
    /// Every plan, cheapest first.
    func all() async throws -> [Plan]
    /// The account's current plan; nil when there is no such account.
    func plan(ofUser userId: UUID) async throws -> Plan?
    /// Puts the account on a plan; throws `PlaybackError.unknownPlan` / `.userNotFound`.
    func setPlan(userId: UUID, planId: String) async throws -> Plan
}

/// The lease of one stream as the lease store keeps it.
public struct StreamLease: Sendable, Equatable {
    public var sessionId: UUID
    public var userId: UUID
    public var videoId: UUID
    public var deviceId: String
    public var expiresAt: Date
    public var positionSeconds: Double
    public var watchedSeconds: Double

    public init(
        sessionId: UUID, userId: UUID, videoId: UUID, deviceId: String, expiresAt: Date, positionSeconds: Double = 0,
        watchedSeconds: Double = 0
    ) {
        self.sessionId = sessionId
        self.userId = userId
        self.videoId = videoId
        self.deviceId = deviceId
        self.expiresAt = expiresAt
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
    }
}

public enum LeaseAcquisition: Sendable, Equatable {
    /// Taken; `replaced` is the same device's earlier session, whose lease this one took over.
    case acquired(replaced: UUID?)
    /// The account is at its limit: the live leases (session, last heartbeat).
    case limitReached(active: [UUID: Date])
    /// The store lost its state (a restart): restore the open sessions, then try again.
    case needsRestore
}

public enum LeaseHeartbeat: Sendable, Equatable {
    /// Extended. `watchedSeconds` since the previous heartbeat; `countView` when this heartbeat makes the session
    /// a view (first time past the threshold, and no view of this video by the account in the window).
    case alive(videoId: UUID, watchedSeconds: Double, countView: Bool)
    /// The lease is there but ran out.
    case expired
    /// The store has no lease for this session (stopped, kicked, swept, or the store lost its state).
    case missing
}

/// Per-account stream leases: atomic limit checks shared by every replica (Redis).
public protocol StreamLeaseStore: Sendable {
    /// Drops the account's expired leases, replaces the same device's lease, and adds this one if the account holds
    /// fewer than `limit` — as one atomic step.
    func acquire(_ lease: StreamLease, limit: Int, now: Date) async throws -> LeaseAcquisition
    /// Extends a live lease to `expiresAt` and records the position.
    func heartbeat(
        userId: UUID, sessionId: UUID, positionSeconds: Double, now: Date, expiresAt: Date, view: ViewRule
    ) async throws -> LeaseHeartbeat
    /// Removes a lease (stop, kick, sweep); removing a missing lease is not an error.
    func release(userId: UUID, sessionId: UUID) async throws
    /// The account's live leases: session id and last heartbeat.
    func active(userId: UUID, now: Date) async throws -> [UUID: Date]
    /// Puts leases back (after a restart, or one session found open in PostgreSQL) and marks the store restored.
    func restore(_ leases: [StreamLease], markRestored: Bool) async throws
    /// Whether the store still holds the state written since the last restore (false after it restarted empty).
    func isRestored() async throws -> Bool
}

/// When heartbeats make a view: after `afterSeconds` watched in a session, at most once per account and video
/// per `windowSeconds`.
public struct ViewRule: Sendable, Equatable {
    public var afterSeconds: Double
    public var windowSeconds: Int

    public init(afterSeconds: Double = 10, windowSeconds: Int = 3600) {
        self.afterSeconds = afterSeconds
        self.windowSeconds = windowSeconds
    }
}

public enum SessionStart: Sendable, Equatable {
    /// Recorded; `replaced` lists the same device's sessions this one ended.
    case started(replaced: [UUID])
    case limitReached(active: [PlaybackSession])
}

/// Durable playback sessions, their batched progress, watch history and view counts (PostgreSQL).
public protocol PlaybackSessionRepository: Sendable {
    /// Records a new session and ends the same device's open sessions (`replaced`). With `limit`, counts the
    /// account's other live sessions under a lock on the account first (the path used while Redis is down).
    func start(_ session: PlaybackSession, limit: Int?) async throws -> SessionStart
    /// One session of an account (nil when it is not theirs).
    func find(id: UUID, userId: UUID) async throws -> PlaybackSession?
    /// The account's open sessions whose lease has not run out, with video titles, oldest first.
    func live(userId: UUID, now: Date) async throws -> [PlaybackSession]
    /// Every open session whose lease has not run out (to restore the lease store).
    func allLive(now: Date) async throws -> [PlaybackSession]
    /// Ends an open session of the account with its final progress (folded into watch history); nil when it is not
    /// the account's or already ended.
    func end(id: UUID, userId: UUID, reason: SessionEndReason, progress: PlaybackProgress?, at: Date) async throws -> PlaybackSession?
    /// Writes a batch of heartbeats (sessions and watch history) and view counts in one transaction.
    func record(progress: [PlaybackProgress], views: [UUID: Int]) async throws
    /// Ends every open session whose lease ran out before `now`; returns them.
    func expire(now: Date, limit: Int) async throws -> [PlaybackSession]
}

public protocol WatchHistoryRepository: Sendable {
    func entry(profileId: UUID, videoId: UUID) async throws -> WatchHistoryEntry?
    /// An account's history (one profile, or all), most recent first, keyset-paginated on (lastWatchedAt, videoId).
    func list(userId: UUID, profileId: UUID?, onlyInProgress: Bool, after: KeysetPosition?, limit: Int) async throws
        -> [WatchHistoryEntry]
    /// Forgets a video in the account's history (one profile or all); returns the number of entries removed.
    func delete(userId: UUID, profileId: UUID?, videoId: UUID) async throws -> Int
}

/// Signs and checks media tokens (HMAC), so media requests are authorised without a database round trip.
public protocol MediaTokenService: Sendable {
    func sign(_ grant: MediaGrant) -> String
    /// The grant a token carries when its signature is valid (expiry is the caller's check).
    func verify(_ token: String) throws(MediaAccessError) -> MediaGrant
}

/// The lease store could not be reached; callers fall back to PostgreSQL.
public struct LeaseStoreUnavailable: Error, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}
