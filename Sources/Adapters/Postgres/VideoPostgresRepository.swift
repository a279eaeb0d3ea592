import Domain
import Foundation
import Logging
import PostgresNIO

/// Videos in PostgreSQL. Creating a video locks its owner's row, so concurrent uploads cannot together pass the
/// quota; the video and its job are written in one transaction.
public struct VideoPostgresRepository: VideoRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func create(_ video: Video, job: JobRequest?, defaultQuotaBytes: Int64) async throws {
        try await client.transaction(logger: logger) { connection in
            try await Self.reserve(
                video.sizeBytes, ownerId: video.ownerId, defaultQuotaBytes: defaultQuotaBytes, on: connection, logger: logger)
            try await Self.insert(video, on: connection, logger: logger)
            if let job { try await JobPostgresQueue.insert(job, on: connection, logger: logger) }
        }
    }

    public func find(id: UUID) async throws -> Video? {
        let rows = try await client.query(
            "SELECT \(unescaped: VideoRow.columns()) FROM videos WHERE id = \(id) AND deleted_at IS NULL", logger: logger)
        return try await VideoRow.first(rows)
    }

    public func update(id: UUID, _ change: @Sendable (inout Video) throws -> Void) async throws -> Video? {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: VideoRow.columns()) FROM videos WHERE id = \(id) AND deleted_at IS NULL FOR UPDATE",
                logger: logger)
            guard var video = try await VideoRow.first(rows) else { return nil }
            try change(&video)
            let catalog = video.catalog
            try await connection.query(
                """
                UPDATE videos SET title = \(video.title), description = \(video.description), tags = \(video.tags),
                    visibility = \(video.visibility.rawValue), status = \(video.status.rawValue),
                    failure_reason = \(video.failureReason), size_bytes = \(video.sizeBytes),
                    output_bytes = \(video.outputBytes), updated_at = \(video.updatedAt),
                    kind = \(catalog.kind.rawValue), genres = \(catalog.genres), maturity = \(Int16(catalog.maturity.rank)),
                    language = \(catalog.language?.value), release_year = \(catalog.releaseYear),
                    available_from = \(catalog.availableFrom), available_until = \(catalog.availableUntil),
                    region_mode = \(catalog.regions?.mode.rawValue),
                    region_countries = \(catalog.regions?.countries.map(\.value) ?? []), publish_at = \(catalog.publishAt), published_at = \(catalog.publishedAt),
                    poster_version = \(Int64(catalog.posterVersion)), captions_version = \(Int64(catalog.captionsVersion))
                WHERE id = \(id)
                """, logger: logger)
            return video
        }
    }

    public func markDeleted(id: UUID, at date: Date, purgeJob: JobRequest) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE videos SET deleted_at = \(date), updated_at = \(date),
                    -- A deleted episode frees its slot at once.
                    kind = CASE WHEN kind = 'episode' THEN 'clip' ELSE kind END,
                    series_id = NULL, season_number = NULL, episode_number = NULL
                WHERE id = \(id) AND deleted_at IS NULL RETURNING id
                """, logger: logger)
            guard try await JobPostgresQueue.changed(rows) else { return false }
            // An unfinished resumable upload of this video is abandoned with it.
            try await connection.query("DELETE FROM uploads WHERE id = \(id)", logger: logger)
            try await JobPostgresQueue.insert(purgeJob, on: connection, logger: logger)
            return true
        }
    }

    public func purge(id: UUID) async throws {
        try await client.query("DELETE FROM videos WHERE id = \(id) AND deleted_at IS NOT NULL", logger: logger)
    }

    public func list(ownerId: UUID, after: KeysetPosition?, limit: Int) async throws -> [Video] {
        let micros = after?.microseconds
        let rows = try await client.query(
            """
            SELECT \(unescaped: VideoRow.columns()) FROM videos
            WHERE owner_id = \(ownerId) AND deleted_at IS NULL
              AND (\(micros)::bigint IS NULL
                   OR (created_at, id) < (timestamptz 'epoch' + \(micros) * interval '1 microsecond', \(after?.id)))
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        return try await VideoRow.all(rows)
    }

    public func usage(ownerId: UUID, defaultQuotaBytes: Int64) async throws -> StorageUsage {
        let rows = try await client.query(
            """
            SELECT (SELECT quota_bytes FROM users WHERE id = \(ownerId)),
                   (SELECT COALESCE(sum(size_bytes + output_bytes), 0)::bigint FROM videos
                    WHERE owner_id = \(ownerId) AND deleted_at IS NULL)
            """, logger: logger)
        for try await (quota, used) in rows.decode((Int64?, Int64).self) {
            return StorageUsage(usedBytes: used, quotaBytes: quota ?? defaultQuotaBytes)
        }
        return StorageUsage(usedBytes: 0, quotaBytes: defaultQuotaBytes)
    }

    /// Locks the owner's account row and checks that `bytes` more fit in their quota.
    static func reserve(
        _ bytes: Int64, ownerId: UUID, defaultQuotaBytes: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let quotaRows = try await connection.query(
            "SELECT quota_bytes FROM users WHERE id = \(ownerId) FOR UPDATE", logger: logger)
        var quota = defaultQuotaBytes
        for try await (own) in quotaRows.decode(Int64?.self) { quota = own ?? defaultQuotaBytes }
        let usedRows = try await connection.query(
            """
            SELECT COALESCE(sum(size_bytes + output_bytes), 0)::bigint FROM videos
            WHERE owner_id = \(ownerId) AND deleted_at IS NULL
            """, logger: logger)
        var used: Int64 = 0
        for try await (sum) in usedRows.decode(Int64.self) { used = sum }
        guard used + bytes <= quota else { throw UploadError.quotaExceeded(usedBytes: used, quotaBytes: quota) }
    }

    static func insert(_ video: Video, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO videos (id, owner_id, title, description, tags, visibility, status, failure_reason,
                original_filename, size_bytes, output_bytes, created_at, updated_at)
            VALUES (\(video.id), \(video.ownerId), \(video.title), \(video.description), \(video.tags),
                \(video.visibility.rawValue), \(video.status.rawValue), \(video.failureReason), \(video.originalFilename),
                \(video.sizeBytes), \(video.outputBytes), \(video.createdAt), \(video.updatedAt))
            """, logger: logger)
    }
}
