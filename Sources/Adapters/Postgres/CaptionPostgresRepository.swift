import Domain
import Foundation
import Logging
import PostgresNIO

/// Caption records in PostgreSQL (the WebVTT files are in object storage).
public struct CaptionPostgresRepository: CaptionRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func list(videoId: UUID) async throws -> [Caption] {
        let rows = try await client.query(
            """
            SELECT video_id, language, label, cue_count, size_bytes, created_at, updated_at FROM captions
            WHERE video_id = \(videoId) ORDER BY language
            """, logger: logger)
        var captions: [Caption] = []
        for try await (video, language, label, cues, size, created, updated) in rows.decode(
            (UUID, String, String, Int, Int, Date, Date).self)
        {
            guard let tag = LanguageTag(language) else { continue }
            captions.append(
                Caption(
                    videoId: video, language: tag, label: label, cueCount: cues, sizeBytes: size, createdAt: created, updatedAt: updated))
        }
        return captions
    }

    public func upsert(_ caption: Caption) async throws {
        try await client.query(
            """
            INSERT INTO captions (video_id, language, label, cue_count, size_bytes, created_at, updated_at)
            VALUES (\(caption.videoId), \(caption.language.value), \(caption.label), \(caption.cueCount), \(caption.sizeBytes),
                \(caption.createdAt), \(caption.updatedAt))
            ON CONFLICT (video_id, language) DO UPDATE SET label = EXCLUDED.label, cue_count = EXCLUDED.cue_count,
                size_bytes = EXCLUDED.size_bytes, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }

    public func delete(videoId: UUID, language: LanguageTag) async throws -> Bool {
        let rows = try await client.query(
            "DELETE FROM captions WHERE video_id = \(videoId) AND language = \(language.value) RETURNING 1", logger: logger)
        return try await JobPostgresQueue.changed(rows)
    }
}
