import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// tus PATCH: appends bytes at the upload's offset. What arrives is kept even when the connection drops, so the
/// client resumes from there; when the last byte arrives the original moves to storage and the video is queued
/// for transcoding, in the same way as a one-request upload.
public struct AppendUpload: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var uploadId: UUID
        public var offset: Int64
        public var body: ByteStream

        public init(principal: Principal, uploadId: UUID, offset: Int64, body: ByteStream) {
            self.principal = principal
            self.uploadId = uploadId
            self.offset = offset
            self.body = body
        }
    }

    public struct Output: Sendable {
        public var upload: ResumableUpload
        /// Set when this request delivered the last byte.
        public var finished: Bool
    }

    let users: any UserRepository
    let uploads: any UploadRepository
    let staging: any UploadStagingStore
    let storage: any ObjectStorage
    let locks: UploadWriteLocks
    let limits: MediaLimits
    let clock: any DateProvider

    public init(
        users: any UserRepository, uploads: any UploadRepository, staging: any UploadStagingStore, storage: any ObjectStorage,
        locks: UploadWriteLocks, limits: MediaLimits, clock: any DateProvider
    ) {
        self.users = users
        self.uploads = uploads
        self.staging = staging
        self.storage = storage
        self.locks = locks
        self.limits = limits
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> Output {
        let user = try await users.activeUser(input.principal)
        guard var upload = try await uploads.find(id: input.uploadId), upload.ownerId == user.id else { throw UploadError.notFound }
        guard upload.expiresAt > clock.now() else { throw UploadError.expired }
        if upload.completedAt != nil {
            // Done already: a client resuming at the end is told so; any other offset is a conflict.
            guard input.offset == upload.length else { throw UploadError.offsetMismatch(current: upload.length) }
            return Output(upload: upload, finished: false)
        }
        return try await locks.withLock(upload.id) {
            let held = try await staging.size(id: upload.id) ?? upload.offset
            guard input.offset == held else { throw UploadError.offsetMismatch(current: held) }
            // An upload being written to is not idle: push its expiry out before a long request starts, so the
            // expiry job never removes it mid-request.
            upload.expiresAt = clock.now().addingTimeInterval(limits.uploadExpiry.seconds)
            try await uploads.recordProgress(id: upload.id, offset: held, expiresAt: upload.expiresAt)
            let length = upload.length
            let body = input.body.limited(to: length - held) { UploadError.beyondLength(length: length) }
            let appended = try await staging.append(id: upload.id, at: held, body: body)
            upload.offset = appended.size
            upload.expiresAt = clock.now().addingTimeInterval(limits.uploadExpiry.seconds)
            try await uploads.recordProgress(id: upload.id, offset: upload.offset, expiresAt: upload.expiresAt)
            if let interruption = appended.interruption { throw interruption }
            guard upload.isComplete else { return Output(upload: upload, finished: false) }
            try await FinishUpload(uploads: uploads, staging: staging, storage: storage, clock: clock).execute(upload)
            return Output(upload: upload, finished: true)
        }
    }
}
