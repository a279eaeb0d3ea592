#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable playback sessions, their batched progress, watch history and view counts: the record of every stream.
public protocol PlaybackSessionRepository: Sendable {
    /// Records a new session and ends the same device's open sessions (`replaced`). With `limit`, counts the
    /// account's other live sessions under a lock on the account first (the path used while the lease store is unreachable).
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
