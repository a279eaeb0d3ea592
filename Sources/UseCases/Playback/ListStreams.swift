import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The account's live streams (device, video, started, last heartbeat) and its plan's limit.
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

    /// The account's live sessions with their latest heartbeats: the lease store has those (the records get them in
    /// batches); the records stand in when the lease store is unreachable.
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
