import Domain
import Foundation
import Logging
import PostgresNIO

/// Processing state, published packages and notifications in PostgreSQL.
public struct VideoProcessingPostgresRepository: VideoProcessingRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func begin(videoId: UUID, at date: Date) async throws -> Video? {
        let rows = try await client.query(
            """
            UPDATE videos SET status = 'processing', failure_reason = NULL, processing_step = 'preparing',
                processing_percent = 0, processing_eta_seconds = NULL, processing_started_at = \(date),
                processing_updated_at = \(date), updated_at = \(date)
            WHERE id = \(videoId) AND deleted_at IS NULL AND status <> 'uploading'
            RETURNING \(unescaped: VideoRow.columns())
            """, logger: logger)
        return try await VideoRow.first(rows)
    }

    public func recordProgress(videoId: UUID, _ progress: TranscodeProgress, at date: Date) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE videos SET processing_step = \(progress.step.rawValue),
                processing_percent = \(min(max(progress.percent, 0), 100)), processing_eta_seconds = \(progress.etaSeconds),
                processing_updated_at = \(date)
            WHERE id = \(videoId) AND deleted_at IS NULL RETURNING id
            """, logger: logger)
        return try await JobPostgresQueue.changed(rows)
    }

    public func publish(videoId: UUID, media: PublishedMedia, notification: UserNotification, at date: Date) async throws -> Bool {
        let json = String(decoding: try JSONEncoder().encode(media), as: UTF8.self)
        return try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE videos SET status = 'ready', failure_reason = NULL, media = \(json)::jsonb,
                    duration_seconds = \(media.durationSeconds), output_bytes = \(media.outputBytes),
                    processing_step = 'done', processing_percent = 100, processing_eta_seconds = 0,
                    processing_updated_at = \(date), updated_at = \(date)
                WHERE id = \(videoId) AND deleted_at IS NULL RETURNING id
                """, logger: logger)
            guard try await JobPostgresQueue.changed(rows) else { return false }
            try await Self.insert(notification, on: connection, logger: logger)
            return true
        }
    }

    public func fail(videoId: UUID, reason: String, notification: UserNotification, at date: Date) async throws {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE videos SET status = 'failed', failure_reason = \(reason), processing_step = 'failed',
                    processing_eta_seconds = NULL, processing_updated_at = \(date), updated_at = \(date)
                WHERE id = \(videoId) AND deleted_at IS NULL RETURNING id
                """, logger: logger)
            guard try await JobPostgresQueue.changed(rows) else { return }
            try await Self.insert(notification, on: connection, logger: logger)
        }
    }

    public func processingState(videoId: UUID) async throws -> ProcessingState? {
        let rows = try await client.query(
            """
            SELECT id, owner_id, visibility, status, processing_step, processing_percent, processing_eta_seconds,
                   failure_reason, processing_started_at, COALESCE(processing_updated_at, updated_at)
            FROM videos WHERE id = \(videoId) AND deleted_at IS NULL
            """, logger: logger)
        for try await (id, owner, visibility, status, step, percent, eta, reason, started, updated) in rows.decode(
            (UUID, UUID, String, String, String, Double, Double?, String?, Date?, Date).self)
        {
            return ProcessingState(
                videoId: id, ownerId: owner, visibility: VideoVisibility(rawValue: visibility) ?? .private,
                status: VideoStatus(rawValue: status) ?? .failed, step: ProcessingStep(rawValue: step) ?? .queued, percent: percent,
                etaSeconds: eta, failureReason: reason, startedAt: started, updatedAt: updated)
        }
        return nil
    }

    public func notifications(userId: UUID, limit: Int) async throws -> [UserNotification] {
        let rows = try await client.query(
            """
            SELECT id, user_id, kind, title, body, video_id, created_at, read_at FROM notifications
            WHERE user_id = \(userId) ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        var result: [UserNotification] = []
        for try await (id, user, kind, title, body, video, created, read) in rows.decode(
            (UUID, UUID, String, String, String, UUID?, Date, Date?).self)
        {
            result.append(
                UserNotification(
                    id: id, userId: user, kind: kind, title: title, body: body, videoId: video, createdAt: created, readAt: read))
        }
        return result
    }

    static func insert(_ notification: UserNotification, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO notifications (id, user_id, kind, title, body, video_id, created_at)
            VALUES (\(notification.id), \(notification.userId), \(notification.kind), \(notification.title),
                    \(notification.body), \(notification.videoId), \(notification.createdAt))
            """, logger: logger)
    }
}
