import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// tus HEAD: how many bytes of the caller's upload are stored (the file on disk is the truth after a crash); all of
/// them for a completed upload, until it expires.
public struct GetUploadStatus: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var uploadId: UUID

        public init(principal: Principal, uploadId: UUID) {
            self.principal = principal
            self.uploadId = uploadId
        }
    }

    let users: any UserRepository
    let uploads: any UploadRepository
    let staging: any UploadStagingStore
    let storage: any ObjectStorage
    let locks: UploadWriteLocks
    let clock: any DateProvider

    public init(
        users: any UserRepository, uploads: any UploadRepository, staging: any UploadStagingStore, storage: any ObjectStorage,
        locks: UploadWriteLocks, clock: any DateProvider
    ) {
        self.users = users
        self.uploads = uploads
        self.staging = staging
        self.storage = storage
        self.locks = locks
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> ResumableUpload {
        let user = try await users.activeUser(input.principal)
        guard let upload = try await uploads.find(id: input.uploadId), upload.ownerId == user.id else { throw UploadError.notFound }
        guard upload.expiresAt > clock.now() else { throw UploadError.expired }
        if upload.completedAt != nil { return upload }
        // While a PATCH is still writing (often one whose connection just dropped), its offset is a moving target:
        // wait for it to settle so the client resumes from the right byte.
        return try await locks.withLock(upload.id) { try await settledStatus(upload.id) }
    }

    private func settledStatus(_ id: UUID) async throws -> ResumableUpload {
        // Read again under the lock: the writer may have finished the upload or moved its expiry meanwhile.
        guard var upload = try await uploads.find(id: id) else { throw UploadError.notFound }
        if upload.completedAt != nil { return upload }
        if let held = try await staging.size(id: upload.id) {
            upload.offset = held
        } else if try await storage.head(key: Video.originalKey(upload.id))?.size == upload.length {
            // The process stopped after moving the bytes but before recording it: finish now.
            upload.offset = upload.length
            try await FinishUpload(uploads: uploads, staging: staging, storage: storage, clock: clock).execute(upload)
        } else {
            throw UploadError.expired
        }
        return upload
    }
}
