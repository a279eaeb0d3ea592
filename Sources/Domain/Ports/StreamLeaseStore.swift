#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Per-account stream leases: atomic limit checks shared by every replica, fast and short-lived (it may lose its
/// state; the playback sessions are the durable record).
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
    /// Puts leases back (after the store lost its state, or one session the records say is open) and marks the store restored.
    func restore(_ leases: [StreamLease], markRestored: Bool) async throws
    /// Whether the store still holds the state written since the last restore (false after it restarted empty).
    func isRestored() async throws -> Bool
}
