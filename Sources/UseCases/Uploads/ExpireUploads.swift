import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Periodic job: removes resumable uploads idle past their expiry, bytes and unfinished video included.
public struct ExpireUploads: JobHandler {
    public let kind = MediaJobs.expireUploads
    let uploads: any UploadRepository
    let staging: any UploadStagingStore
    let clock: any DateProvider

    public init(uploads: any UploadRepository, staging: any UploadStagingStore, clock: any DateProvider) {
        self.uploads = uploads
        self.staging = staging
        self.clock = clock
    }

    public func run(_ job: ClaimedJob) async throws {
        while true {
            let expired = try await uploads.expired(before: clock.now(), limit: 100)
            for upload in expired {
                _ = try await uploads.delete(id: upload.id)
                try await staging.delete(id: upload.id)
            }
            if expired.count < 100 { return }
        }
    }
}
