import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A player's heartbeat: extends the stream's lease and records its position. One lease store call per
/// heartbeat; the session records see heartbeats in batches (`FlushPlaybackProgress`), so this path does no database
/// work unless the lease store lost the session or is unreachable.
public struct RecordHeartbeat: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var sessionId: UUID
        public var positionSeconds: Double
        public var rendition: String?
        public var bufferHealthSeconds: Double?
        public var bitrate: Int64?

        public init(
            principal: Principal, sessionId: UUID, positionSeconds: Double, rendition: String? = nil, bufferHealthSeconds: Double? = nil,
            bitrate: Int64? = nil
        ) {
            self.principal = principal
            self.sessionId = sessionId
            self.positionSeconds = positionSeconds
            self.rendition = rendition
            self.bufferHealthSeconds = bufferHealthSeconds
            self.bitrate = bitrate
        }
    }

    let sessions: any PlaybackSessionRepository
    let leases: any StreamLeaseStore
    let buffer: PlaybackProgressBuffer
    let settings: PlaybackSettings
    let clock: any DateProvider

    public init(
        sessions: any PlaybackSessionRepository, leases: any StreamLeaseStore, buffer: PlaybackProgressBuffer, settings: PlaybackSettings,
        clock: any DateProvider
    ) {
        self.sessions = sessions
        self.leases = leases
        self.buffer = buffer
        self.settings = settings
        self.clock = clock
    }

    /// Returns the seconds until the next heartbeat is due.
    public func execute(_ input: Input) async throws -> Double {
        try Self.validate(input)
        let now = clock.now()
        let expiry = settings.leaseExpiry(after: now)
        let userId = input.principal.userId
        var progress = PlaybackProgress(
            sessionId: input.sessionId, positionSeconds: input.positionSeconds, watchedSeconds: 0, at: now, leaseExpiresAt: expiry,
            rendition: input.rendition, bufferSeconds: input.bufferHealthSeconds, bitrate: input.bitrate)
        let outcome: LeaseHeartbeat
        do {
            outcome = try await leases.heartbeat(
                userId: userId, sessionId: input.sessionId, positionSeconds: input.positionSeconds, now: now, expiresAt: expiry,
                view: settings.view)
        } catch is LeaseStoreUnavailable {
            // The lease store is unreachable: the session record decides whether the session is still open (no view counting meanwhile).
            _ = try await recordFromSessionRecord(progress, userId: userId, now: now)
            return settings.heartbeatInterval
        }
        switch outcome {
        case .alive(let videoId, let watched, let countView):
            progress.watchedSeconds = watched
            buffer.record(progress, viewOf: countView ? videoId : nil)
        case .expired:
            _ = try await sessions.end(
                id: input.sessionId, userId: userId, reason: .expired, progress: buffer.take(sessionId: input.sessionId), at: now)
            try? await leases.release(userId: userId, sessionId: input.sessionId)
            throw PlaybackError.sessionExpired
        case .missing:
            // Stopped, kicked or swept (the record says ended), or the lease store lost it: put the lease back.
            let session = try await recordFromSessionRecord(progress, userId: userId, now: now)
            var lease = session.lease
            lease.expiresAt = expiry
            lease.positionSeconds = input.positionSeconds
            try await leases.restore([lease], markRestored: false)
        }
        return settings.heartbeatInterval
    }

    /// A heartbeat the lease store could not decide: the open session record (else not found / expired) gives the watched time, and the
    /// heartbeat is buffered without counting a view.
    private func recordFromSessionRecord(_ progress: PlaybackProgress, userId: UUID, now: Date) async throws -> PlaybackSession {
        let session = try await liveSession(progress.sessionId, userId: userId, now: now)
        var progress = progress
        progress.watchedSeconds = Self.watched(
            from: session.positionSeconds, to: progress.positionSeconds, over: now.timeIntervalSince(session.lastHeartbeatAt))
        buffer.record(progress, viewOf: nil)
        return session
    }

    /// The open session record, ending it when its lease ran out.
    private func liveSession(_ id: UUID, userId: UUID, now: Date) async throws -> PlaybackSession {
        guard let session = try await sessions.find(id: id, userId: userId) else { throw PlaybackError.sessionNotFound }
        guard session.isOpen else { throw PlaybackError.sessionExpired }
        guard session.leaseExpiresAt > now else {
            _ = try await sessions.end(id: id, userId: userId, reason: .expired, progress: buffer.take(sessionId: id), at: now)
            throw PlaybackError.sessionExpired
        }
        return session
    }

    /// Seconds watched between two positions: the advance, never more than the wall time between the reports.
    static func watched(from previous: Double, to position: Double, over seconds: Double) -> Double {
        max(0, min(position - previous, seconds + 1))
    }

    static func validate(_ input: Input) throws {
        guard input.positionSeconds.isFinite, (0...1e7).contains(input.positionSeconds) else {
            throw ValidationError(
                field: "positionSeconds", code: "invalid_position", message: "positionSeconds must be a number from 0 to 10000000")
        }
        if let buffer = input.bufferHealthSeconds, !(buffer.isFinite && (0...86_400).contains(buffer)) {
            throw ValidationError(
                field: "bufferHealthSeconds", code: "invalid_buffer_health", message: "bufferHealthSeconds must be a number from 0 to 86400"
            )
        }
        if let bitrate = input.bitrate, !(0...1_000_000_000_000).contains(bitrate) {
            throw ValidationError(field: "bitrate", code: "invalid_bitrate", message: "bitrate must be a whole number of bits per second")
        }
        if let rendition = input.rendition,
            !(1...32).contains(rendition.utf8.count) || !rendition.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        {
            throw ValidationError(
                field: "rendition", code: "invalid_rendition", message: "rendition must be 1 to 32 visible ASCII characters")
        }
    }
}
