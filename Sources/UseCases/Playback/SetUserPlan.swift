import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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

    /// Ends the account's live streams beyond `limit`, keeping the most recent heartbeats (as the
    /// account's stream list shows them). Like a stop: the record first, then the lease.
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
                // The lease store is unreachable: the lease goes with it or expires; the record says ended.
            }
        }
    }
}
