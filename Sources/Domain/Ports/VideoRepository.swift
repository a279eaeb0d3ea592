#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable store of videos. Quota checks and job enqueueing happen in the same transaction as the change.
public protocol VideoRepository: Sendable {
    /// Adds a video (and its job, when given) atomically, unless the owner's usage plus `video.sizeBytes` would
    /// pass their quota (their own, else `defaultQuotaBytes`): then throws `UploadError.quotaExceeded`.
    func create(_ video: Video, job: JobRequest?, defaultQuotaBytes: Int64) async throws
    /// A video that is not deleted.
    func find(id: UUID) async throws -> Video?
    /// Atomically changes a video that is not deleted; nil when there is none.
    func update(id: UUID, _ change: @Sendable (inout Video) throws -> Void) async throws -> Video?
    /// Hides the video at once and enqueues the job that purges its objects; false when there was none.
    func markDeleted(id: UUID, at date: Date, purgeJob: JobRequest) async throws -> Bool
    /// Removes a deleted video's row for good (after its objects are gone).
    func purge(id: UUID) async throws
    /// The owner's videos, newest first.
    func list(ownerId: UUID, after: KeysetPosition?, limit: Int) async throws -> [Video]
    /// What the owner's videos take (originals, output, uploads in progress) against their quota.
    func usage(ownerId: UUID, defaultQuotaBytes: Int64) async throws -> StorageUsage
}
