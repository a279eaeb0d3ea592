#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable state of resumable (tus) uploads.
public protocol UploadRepository: Sendable {
    /// Adds the upload and its `uploading` video atomically, within the owner's quota (the declared length is
    /// reserved); throws `UploadError.quotaExceeded`.
    func create(_ upload: ResumableUpload, video: Video, defaultQuotaBytes: Int64) async throws
    /// An upload that has not finished or been removed.
    func find(id: UUID) async throws -> ResumableUpload?
    /// Records the bytes received so far and the new expiry.
    func recordProgress(id: UUID, offset: Int64, expiresAt: Date) async throws
    /// Turns the finished upload into a `queued` video and enqueues its job, atomically; false when it was
    /// already finished or removed.
    func complete(id: UUID, job: JobRequest, at date: Date) async throws -> Bool
    /// Removes the upload and its unfinished video; false when there was none.
    func delete(id: UUID) async throws -> Bool
    /// Uploads whose expiry is before `date`.
    func expired(before date: Date, limit: Int) async throws -> [ResumableUpload]
}
