import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// After the lease store lost its state (it restarted empty), puts back the leases of every live session from
/// the session records, so limits hold again and no ghost outlives its lease. Run when a play finds the store empty and
/// periodically (well within one heartbeat interval).
public struct RestoreStreamLeases: Sendable {
    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let clock: any DateProvider
    let gate = SingleFlight()

    public init(sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore, clock: any DateProvider) {
        self.sessions = sessions
        self.leases = leases
        self.clock = clock
    }

    /// Returns the number of leases restored (0 when the store still had its state).
    @discardableResult
    public func execute() async throws -> Int {
        try await gate.run {
            guard try await !leases.isRestored() else { return 0 }
            let live = try await sessions.allLive(now: clock.now())
            try await leases.restore(live.map(\.lease), markRestored: true)
            return live.count
        }
    }
}
