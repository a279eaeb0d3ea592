import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Moves a complete upload's bytes to storage and turns it into a queued video with its transcode job.
/// Safe to repeat after a crash between the two steps: the staged file or the stored original is used.
struct FinishUpload: Sendable {
    let uploads: any UploadRepository
    let staging: any UploadStagingStore
    let storage: any ObjectStorage
    let clock: any DateProvider

    func execute(_ upload: ResumableUpload) async throws {
        let key = Video.originalKey(upload.id)
        if try await staging.size(id: upload.id) == upload.length {
            _ = try await storage.putFile(key: key, path: staging.path(id: upload.id))
        }
        guard try await storage.head(key: key)?.size == upload.length else {
            throw StorageError.backend("upload \(upload.id) finished but its bytes are missing")
        }
        _ = try await uploads.complete(id: upload.id, job: try MediaJobs.transcodeJob(upload.id), at: clock.now())
    }
}
