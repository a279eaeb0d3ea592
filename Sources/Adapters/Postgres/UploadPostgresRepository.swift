import Domain
import Foundation
import Logging
import PostgresNIO

/// tus uploads in PostgreSQL, each tied to the `uploading` video it becomes.
public struct UploadPostgresRepository: UploadRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = "id, owner_id, length, \"offset\", raw_metadata, expires_at, created_at, completed_at"
    typealias Row = (UUID, UUID, Int64, Int64, String?, Date, Date, Date?)

    public func create(_ upload: ResumableUpload, video: Video, defaultQuotaBytes: Int64) async throws {
        try await client.transaction(logger: logger) { connection in
            // The video row carries the declared length, so the quota counts the upload while it is in progress.
            try await VideoPostgresRepository.reserve(
                video.sizeBytes, ownerId: video.ownerId, defaultQuotaBytes: defaultQuotaBytes, on: connection, logger: logger)
            try await VideoPostgresRepository.insert(video, on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO uploads (id, owner_id, length, "offset", raw_metadata, expires_at, created_at)
                VALUES (\(upload.id), \(upload.ownerId), \(upload.length), \(upload.offset), \(upload.rawMetadata),
                        \(upload.expiresAt), \(upload.createdAt))
                """, logger: logger)
        }
    }

    public func find(id: UUID) async throws -> ResumableUpload? {
        let rows = try await client.query("SELECT \(unescaped: Self.columns) FROM uploads WHERE id = \(id)", logger: logger)
        for try await row in rows.decode(Row.self) { return Self.upload(row) }
        return nil
    }

    public func recordProgress(id: UUID, offset: Int64, expiresAt: Date) async throws {
        try await client.query(
            "UPDATE uploads SET \"offset\" = \(offset), expires_at = \(expiresAt) WHERE id = \(id)", logger: logger)
    }

    public func complete(id: UUID, job: JobRequest, at date: Date) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            // Kept, completed, until it expires: a client resuming it is told it is done.
            let rows = try await connection.query(
                """
                UPDATE uploads SET completed_at = \(date), "offset" = length WHERE id = \(id) AND completed_at IS NULL
                RETURNING length
                """, logger: logger)
            var length: Int64?
            for try await (value) in rows.decode(Int64.self) { length = value }
            guard let length else { return false }
            try await connection.query(
                """
                UPDATE videos SET status = 'queued', size_bytes = \(length), updated_at = \(date)
                WHERE id = \(id) AND status = 'uploading'
                """, logger: logger)
            try await JobPostgresQueue.insert(job, on: connection, logger: logger)
            return true
        }
    }

    public func delete(id: UUID) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query("DELETE FROM uploads WHERE id = \(id) RETURNING id", logger: logger)
            guard try await JobPostgresQueue.changed(rows) else { return false }
            try await connection.query("DELETE FROM videos WHERE id = \(id) AND status = 'uploading'", logger: logger)
            return true
        }
    }

    public func expired(before date: Date, limit: Int) async throws -> [ResumableUpload] {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM uploads WHERE expires_at < \(date)
            ORDER BY expires_at LIMIT \(limit)
            """, logger: logger)
        var uploads: [ResumableUpload] = []
        for try await row in rows.decode(Row.self) { uploads.append(Self.upload(row)) }
        return uploads
    }

    static func upload(_ row: Row) -> ResumableUpload {
        let (id, owner, length, offset, metadata, expires, created, completed) = row
        return ResumableUpload(
            id: id, ownerId: owner, length: length, offset: offset, rawMetadata: metadata, expiresAt: expires,
            createdAt: created, completedAt: completed)
    }
}
