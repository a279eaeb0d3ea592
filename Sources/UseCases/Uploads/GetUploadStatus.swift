#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain

/// tus HEAD: how many bytes of the caller's upload are stored (the file on disk is the truth after a crash).
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
    let clock: any DateProvider

    public init(
        users: any UserRepository, uploads: any UploadRepository, staging: any UploadStagingStore, storage: any ObjectStorage,
        clock: any DateProvider
    ) {
        self.users = users
        self.uploads = uploads
        self.staging = staging
        self.storage = storage
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> ResumableUpload {
        let user = try await users.activeUser(input.principal)
        guard var upload = try await uploads.find(id: input.uploadId), upload.ownerId == user.id else { throw UploadError.notFound }
        guard upload.expiresAt > clock.now() else { throw UploadError.expired }
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
