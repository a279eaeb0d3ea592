#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain

/// `GET /me/history` and `GET /me/continue-watching`: a profile's (or the whole account's) watch history, most
/// recent first; continue-watching keeps the started, unfinished ones.
public struct ListWatchHistory: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var profileId: UUID?
        public var inProgressOnly: Bool
        public var limit: Int?
        public var cursor: String?

        public init(principal: Principal, profileId: UUID?, inProgressOnly: Bool, limit: Int?, cursor: String?) {
            self.principal = principal
            self.profileId = profileId
            self.inProgressOnly = inProgressOnly
            self.limit = limit
            self.cursor = cursor
        }
    }

    let users: any UserRepository
    let profiles: any ProfileRepository
    let history: any WatchHistoryRepository

    public init(users: any UserRepository, profiles: any ProfileRepository, history: any WatchHistoryRepository) {
        self.users = users
        self.profiles = profiles
        self.history = history
    }

    public func execute(_ input: Input) async throws -> Page<WatchHistoryEntry> {
        let user = try await users.activeUser(input.principal)
        try await profiles.requireOwned(input.profileId, by: user.id)
        return try await KeysetCursor.page(
            limit: input.limit, cursor: input.cursor, position: { KeysetPosition(createdAt: $0.lastWatchedAt, id: $0.videoId) },
            fetch: { after, limit in
                try await history.list(
                    userId: user.id, profileId: input.profileId, onlyInProgress: input.inProgressOnly, after: after, limit: limit)
            })
    }
}

/// `DELETE /me/history/{videoId}`: forgets a video in one profile's history, or in every profile of the account.
public struct DeleteWatchHistory: Sendable {
    let users: any UserRepository
    let profiles: any ProfileRepository
    let history: any WatchHistoryRepository

    public init(users: any UserRepository, profiles: any ProfileRepository, history: any WatchHistoryRepository) {
        self.users = users
        self.profiles = profiles
        self.history = history
    }

    public func execute(principal: Principal, videoId: UUID, profileId: UUID?) async throws {
        let user = try await users.activeUser(principal)
        try await profiles.requireOwned(profileId, by: user.id)
        _ = try await history.delete(userId: user.id, profileId: profileId, videoId: videoId)
    }
}

extension ProfileRepository {
    /// Throws `ProfileError.notFound` unless the profile (when one is named) is the account's.
    func requireOwned(_ profileId: UUID?, by userId: UUID) async throws {
        guard let profileId else { return }
        guard try await list(userId: userId).contains(where: { $0.id == profileId }) else { throw ProfileError.notFound }
    }
}

/// `GET /plans`: every plan and its limits.
public struct ListPlans: Sendable {
    let plans: any PlanRepository

    public init(plans: any PlanRepository) { self.plans = plans }

    public func execute() async throws -> [Plan] { try await plans.all() }
}

/// `PATCH /admin/users/{id}`: an administrator puts an account on a plan. A plan with fewer streams applies to the
/// streams already running too: the account keeps those that heartbeated most recently, up to the new limit, and the
/// others end at once (`plan_changed`; their next heartbeat is 410). Other plan limits (the top rung) apply from the
/// next play.
public struct SetUserPlan: Sendable {
    let users: any UserRepository
    let plans: any PlanRepository
    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let buffer: PlaybackProgressBuffer
    let clock: any DateProvider

    public init(
        users: any UserRepository, plans: any PlanRepository, sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore,
        buffer: PlaybackProgressBuffer, clock: any DateProvider
    ) {
        self.users = users
        self.plans = plans
        self.sessions = sessions
        self.leases = leases
        self.buffer = buffer
        self.clock = clock
    }

    public func execute(principal: Principal, userId: UUID, planId: String) async throws -> (User, Plan) {
        // The role is read from the database, not trusted from the token.
        let actor = try await users.activeUser(principal)
        guard actor.role == .admin else { throw AuthError.forbidden }
        guard let user = try await users.find(id: userId) else { throw PlaybackError.userNotFound }
        let plan = try await plans.setPlan(userId: user.id, planId: planId)
        try await endStreams(of: user.id, over: plan.maxStreams)
        return (user, plan)
    }

    /// Ends the account's live streams beyond `limit`, keeping the most recent heartbeats (as `GET /me/streams` shows
    /// them). Like a stop: PostgreSQL first, then the lease.
    private func endStreams(of userId: UUID, over limit: Int) async throws {
        let now = clock.now()
        let live = try await ListStreams.live(userId: userId, now: now, sessions: sessions, leases: leases)
        guard live.count > limit else { return }
        let ranked = live.sorted { a, b in (a.lastHeartbeatAt, a.startedAt) > (b.lastHeartbeatAt, b.startedAt) }
        for session in ranked.dropFirst(max(0, limit)) {
            _ = try await sessions.end(
                id: session.id, userId: userId, reason: .planChanged, progress: buffer.take(sessionId: session.id), at: now)
            do {
                try await leases.release(userId: userId, sessionId: session.id)
            } catch is LeaseStoreUnavailable {
                // Redis is down: the lease goes with it or expires; PostgreSQL already says ended.
            }
        }
    }
}
