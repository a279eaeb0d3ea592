import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
