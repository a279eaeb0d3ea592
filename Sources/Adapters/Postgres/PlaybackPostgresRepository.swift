import Domain
import Foundation
import Logging
import PostgresNIO

/// Playback sessions, their batched progress, watch history and view counts in PostgreSQL.
public struct PlaybackPostgresRepository: PlaybackSessionRepository, WatchHistoryRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = """
        s.id, s.user_id, s.profile_id, s.video_id, (SELECT title FROM videos WHERE id = s.video_id), s.device_id, s.device_name,
        s.max_height, s.started_at, s.last_heartbeat_at, s.lease_expires_at, s.ended_at, s.end_reason, s.position_seconds,
        s.watched_seconds
        """
    typealias Row = (UUID, UUID, UUID, UUID, String?, String, String, Int?, Date, Date, Date, Date?, String?, Double, Double)

    static func session(_ row: Row) -> PlaybackSession {
        let (id, user, profile, video, title, device, name, height, started, heartbeat, lease, ended, reason, position, watched) = row
        return PlaybackSession(
            id: id, userId: user, profileId: profile, videoId: video, videoTitle: title, deviceId: device, deviceName: name,
            maxHeight: height, startedAt: started, lastHeartbeatAt: heartbeat, leaseExpiresAt: lease, endedAt: ended,
            endReason: reason.flatMap(SessionEndReason.init(rawValue:)), positionSeconds: position, watchedSeconds: watched)
    }

    static func sessions(_ rows: PostgresRowSequence) async throws -> [PlaybackSession] {
        var sessions: [PlaybackSession] = []
        for try await row in rows.decode(Row.self) { sessions.append(session(row)) }
        return sessions
    }

    // MARK: Sessions

    public func start(_ session: PlaybackSession, limit: Int?) async throws -> SessionStart {
        try await client.transaction(logger: logger) { connection in
            if let limit {
                // Without Redis: the account's row lock serialises its plays, so the count cannot race.
                _ = try await connection.query("SELECT id FROM users WHERE id = \(session.userId) FOR UPDATE", logger: logger)
                let others = try await Self.sessions(
                    try await connection.query(
                        """
                        SELECT \(unescaped: Self.columns) FROM playback_sessions s
                        WHERE s.user_id = \(session.userId) AND s.ended_at IS NULL AND s.lease_expires_at > \(session.startedAt)
                          AND s.device_id <> \(session.deviceId)
                        ORDER BY s.started_at
                        """, logger: logger))
                if others.count >= limit { return .limitReached(active: others) }
            }
            let replacedRows = try await connection.query(
                """
                UPDATE playback_sessions SET ended_at = \(session.startedAt), end_reason = 'replaced'
                WHERE user_id = \(session.userId) AND device_id = \(session.deviceId) AND ended_at IS NULL RETURNING id
                """, logger: logger)
            var replaced: [UUID] = []
            for try await id in replacedRows.decode(UUID.self) { replaced.append(id) }
            try await connection.query(
                """
                INSERT INTO playback_sessions (id, user_id, profile_id, video_id, device_id, device_name, max_height, started_at,
                    last_heartbeat_at, lease_expires_at, position_seconds, watched_seconds)
                VALUES (\(session.id), \(session.userId), \(session.profileId), \(session.videoId), \(session.deviceId),
                    \(session.deviceName), \(session.maxHeight), \(session.startedAt), \(session.lastHeartbeatAt),
                    \(session.leaseExpiresAt), \(session.positionSeconds), \(session.watchedSeconds))
                """, logger: logger)
            return .started(replaced: replaced)
        }
    }

    public func find(id: UUID, userId: UUID) async throws -> PlaybackSession? {
        try await Self.sessions(
            try await client.query(
                "SELECT \(unescaped: Self.columns) FROM playback_sessions s WHERE s.id = \(id) AND s.user_id = \(userId)", logger: logger)
        ).first
    }

    public func live(userId: UUID, now: Date) async throws -> [PlaybackSession] {
        try await Self.sessions(
            try await client.query(
                """
                SELECT \(unescaped: Self.columns) FROM playback_sessions s
                WHERE s.user_id = \(userId) AND s.ended_at IS NULL AND s.lease_expires_at > \(now) ORDER BY s.started_at
                """, logger: logger))
    }

    public func allLive(now: Date) async throws -> [PlaybackSession] {
        try await Self.sessions(
            try await client.query(
                """
                SELECT \(unescaped: Self.columns) FROM playback_sessions s
                WHERE s.ended_at IS NULL AND s.lease_expires_at > \(now)
                """, logger: logger))
    }

    public func end(
        id: UUID, userId: UUID, reason: SessionEndReason, progress: PlaybackProgress?, at: Date
    ) async throws
        -> PlaybackSession?
    {
        try await client.transaction(logger: logger) { connection in
            if let progress { try await Self.record([progress], on: connection, logger: logger) }
            return try await Self.sessions(
                try await connection.query(
                    """
                    UPDATE playback_sessions s SET ended_at = \(at), end_reason = \(reason.rawValue)
                    WHERE s.id = \(id) AND s.user_id = \(userId) AND s.ended_at IS NULL
                    RETURNING \(unescaped: Self.columns)
                    """, logger: logger)
            ).first
        }
    }

    public func record(progress: [PlaybackProgress], views: [UUID: Int]) async throws {
        try await client.transaction(logger: logger) { connection in
            if !progress.isEmpty { try await Self.record(progress, on: connection, logger: logger) }
            if !views.isEmpty {
                // Sorted, so two replicas flushing at once lock rows in the same order.
                let sorted = views.map { ($0.key.lowercasedString, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
                let ids = sorted.map(\.key)
                let counts = sorted.map { Int64($0.value) }
                try await connection.query(
                    """
                    UPDATE videos v SET view_count = v.view_count + u.n
                    FROM unnest(\(ids)::uuid[], \(counts)::int8[]) AS u(id, n) WHERE v.id = u.id
                    """, logger: logger)
            }
        }
    }

    /// Sessions' latest progress and the watch history of their profiles, as two batched statements.
    static func record(_ batch: [PlaybackProgress], on connection: PostgresConnection, logger: Logger) async throws {
        let sorted = batch.map { ($0.sessionId.lowercasedString, $0) }.sorted { $0.0 < $1.0 }.map(\.1)  // key text made once per item
        let ids = sorted.map(\.sessionId)
        let positions = sorted.map(\.positionSeconds)
        let watched = sorted.map(\.watchedSeconds)
        let times = sorted.map(\.at)
        let leases = sorted.map(\.leaseExpiresAt)
        let renditions = sorted.map { $0.rendition ?? "" }
        let buffers = sorted.map { $0.bufferSeconds ?? -1 }
        let bitrates = sorted.map { $0.bitrate ?? -1 }
        try await connection.query(
            """
            UPDATE playback_sessions s SET
                position_seconds = CASE WHEN u.at >= s.last_heartbeat_at THEN u.pos ELSE s.position_seconds END,
                watched_seconds = s.watched_seconds + u.watched,
                last_heartbeat_at = GREATEST(s.last_heartbeat_at, u.at),
                lease_expires_at = CASE WHEN s.ended_at IS NULL THEN GREATEST(s.lease_expires_at, u.lease) ELSE s.lease_expires_at END,
                rendition = COALESCE(NULLIF(u.rendition, ''), s.rendition),
                buffer_seconds = CASE WHEN u.buffer >= 0 THEN u.buffer ELSE s.buffer_seconds END,
                bitrate = CASE WHEN u.bitrate >= 0 THEN u.bitrate ELSE s.bitrate END
            FROM unnest(\(ids)::uuid[], \(positions)::float8[], \(watched)::float8[], \(times)::timestamptz[],
                        \(leases)::timestamptz[], \(renditions)::text[], \(buffers)::float8[], \(bitrates)::int8[])
                 AS u(id, pos, watched, at, lease, rendition, buffer, bitrate)
            WHERE s.id = u.id
            """, logger: logger)
        try await connection.query(
            """
            WITH u AS (
                SELECT * FROM unnest(\(ids)::uuid[], \(positions)::float8[], \(watched)::float8[], \(times)::timestamptz[])
                    AS u(id, pos, watched, at)
            ), j AS (
                SELECT s.profile_id, s.video_id, s.user_id, u.pos, u.watched, u.at, v.duration_seconds
                FROM u JOIN playback_sessions s ON s.id = u.id JOIN videos v ON v.id = s.video_id
            ), agg AS (
                SELECT DISTINCT ON (profile_id, video_id) profile_id, video_id, user_id, pos, at, duration_seconds,
                       SUM(watched) OVER (PARTITION BY profile_id, video_id) AS watched
                FROM j ORDER BY profile_id, video_id, at DESC
            )
            INSERT INTO watch_history (profile_id, video_id, user_id, position_seconds, watched_seconds, completed,
                                       first_watched_at, last_watched_at)
            SELECT profile_id, video_id, user_id, pos, watched,
                   COALESCE(duration_seconds > 0 AND pos >= \(WatchHistoryEntry.completionShare) * duration_seconds, false), at, at
            FROM agg
            ON CONFLICT (profile_id, video_id) DO UPDATE SET
                position_seconds = CASE WHEN excluded.last_watched_at >= watch_history.last_watched_at
                                        THEN excluded.position_seconds ELSE watch_history.position_seconds END,
                completed = CASE WHEN excluded.last_watched_at >= watch_history.last_watched_at
                                 THEN excluded.completed ELSE watch_history.completed END,
                watched_seconds = watch_history.watched_seconds + excluded.watched_seconds,
                last_watched_at = GREATEST(watch_history.last_watched_at, excluded.last_watched_at)
            """, logger: logger)
    }

    public func expire(now: Date, limit: Int) async throws -> [PlaybackSession] {
        try await Self.sessions(
            try await client.query(
                """
                UPDATE playback_sessions s SET ended_at = s.lease_expires_at, end_reason = 'expired'
                WHERE s.id IN (
                    SELECT id FROM playback_sessions
                    WHERE ended_at IS NULL AND lease_expires_at <= \(now)
                    ORDER BY lease_expires_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: Self.columns)
                """, logger: logger))
    }

    // MARK: Watch history

    static let historyColumns = """
        h.profile_id, h.video_id, v.title, v.duration_seconds, h.position_seconds, h.watched_seconds, h.completed, h.last_watched_at
        """
    typealias HistoryRow = (UUID, UUID, String, Double?, Double, Double, Bool, Date)

    static func entries(_ rows: PostgresRowSequence) async throws -> [WatchHistoryEntry] {
        var entries: [WatchHistoryEntry] = []
        for try await (profile, video, title, duration, position, watched, completed, last) in rows.decode(HistoryRow.self) {
            entries.append(
                WatchHistoryEntry(
                    profileId: profile, videoId: video, videoTitle: title, durationSeconds: duration, positionSeconds: position,
                    watchedSeconds: watched, completed: completed, lastWatchedAt: last))
        }
        return entries
    }

    public func entry(profileId: UUID, videoId: UUID) async throws -> WatchHistoryEntry? {
        try await Self.entries(
            try await client.query(
                """
                SELECT \(unescaped: Self.historyColumns) FROM watch_history h JOIN videos v ON v.id = h.video_id
                WHERE h.profile_id = \(profileId) AND h.video_id = \(videoId)
                """, logger: logger)
        ).first
    }

    public func entries(profileId: UUID, videoIds: [UUID]) async throws -> [WatchHistoryEntry] {
        try await Self.entries(
            try await client.query(
                """
                SELECT \(unescaped: Self.historyColumns) FROM watch_history h JOIN videos v ON v.id = h.video_id
                WHERE h.profile_id = \(profileId) AND h.video_id = ANY(\(videoIds))
                """, logger: logger))
    }

    public func list(
        userId: UUID, profileId: UUID?, onlyInProgress: Bool, after: KeysetPosition?, limit: Int
    ) async throws
        -> [WatchHistoryEntry]
    {
        let micros = after?.microseconds
        return try await Self.entries(
            try await client.query(
                """
                SELECT \(unescaped: Self.historyColumns) FROM watch_history h
                JOIN videos v ON v.id = h.video_id AND v.deleted_at IS NULL
                WHERE h.user_id = \(userId)
                  AND (\(profileId)::uuid IS NULL OR h.profile_id = \(profileId))
                  AND (v.visibility <> 'private' OR v.owner_id = \(userId))
                  AND (NOT \(onlyInProgress) OR (NOT h.completed AND h.position_seconds > 0))
                  AND (\(micros)::int8 IS NULL
                       OR (h.last_watched_at, h.video_id) < (timestamptz 'epoch' + \(micros) * interval '1 microsecond', \(after?.id)))
                ORDER BY h.last_watched_at DESC, h.video_id DESC
                LIMIT \(limit)
                """, logger: logger))
    }

    public func delete(userId: UUID, profileId: UUID?, videoId: UUID) async throws -> Int {
        let rows = try await client.query(
            """
            DELETE FROM watch_history
            WHERE user_id = \(userId) AND video_id = \(videoId) AND (\(profileId)::uuid IS NULL OR profile_id = \(profileId))
            RETURNING video_id
            """, logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}
