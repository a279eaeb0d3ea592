import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// tus termination: the caller abandons an upload; its bytes and its unfinished video go.
public struct TerminateUpload: Sendable {
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
    let locks: UploadWriteLocks

    public init(users: any UserRepository, uploads: any UploadRepository, staging: any UploadStagingStore, locks: UploadWriteLocks) {
        self.users = users
        self.uploads = uploads
        self.staging = staging
        self.locks = locks
    }

    public func execute(_ input: Input) async throws {
        let user = try await users.activeUser(input.principal)
        guard let upload = try await uploads.find(id: input.uploadId), upload.ownerId == user.id else { throw UploadError.notFound }
        try await locks.withLock(upload.id) {
            guard try await uploads.delete(id: upload.id) else { throw UploadError.notFound }
            try await staging.delete(id: upload.id)
        }
    }
}
