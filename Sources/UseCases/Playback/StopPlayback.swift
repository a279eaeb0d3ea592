import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Ends a stream at once and frees its slot: the player's stop or the account's remote
/// stop of a device. The session record is ended first, then the lease is released, so a
/// heartbeat that finds no lease always finds the session ended.
public struct StopPlayback: Sendable {
    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let buffer: PlaybackProgressBuffer
    let clock: any DateProvider

    public init(
        sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore, buffer: PlaybackProgressBuffer, clock: any DateProvider
    ) {
        self.sessions = sessions
        self.leases = leases
        self.buffer = buffer
        self.clock = clock
    }

    /// Stops the caller's session. A session already ended is left as it is (stopping is idempotent); another
    /// account's session is `sessionNotFound`.
    public func execute(principal: Principal, sessionId: UUID, positionSeconds: Double?, reason: SessionEndReason) async throws {
        if let positionSeconds, !(positionSeconds.isFinite && (0...1e7).contains(positionSeconds)) {
            throw ValidationError(
                field: "positionSeconds", code: "invalid_position", message: "positionSeconds must be a number from 0 to 10000000")
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
            // The lease store is unreachable: the lease is gone with it or expires on its own; the record says ended.
        }
    }
}
