import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// tus creation: reserves the declared length in the owner's quota and starts an `uploading` video whose id is
/// the upload's.
public struct CreateUpload: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var length: Int64
        /// `Upload-Metadata` as sent, and its decoded pairs.
        public var rawMetadata: String?
        public var metadata: [String: String]

        public init(principal: Principal, length: Int64, rawMetadata: String?, metadata: [String: String]) {
            self.principal = principal
            self.length = length
            self.rawMetadata = rawMetadata
            self.metadata = metadata
        }
    }

    let users: any UserRepository
    let uploads: any UploadRepository
    let staging: any UploadStagingStore
    let limits: MediaLimits
    let clock: any DateProvider

    public init(
        users: any UserRepository, uploads: any UploadRepository, staging: any UploadStagingStore, limits: MediaLimits,
        clock: any DateProvider
    ) {
        self.users = users
        self.uploads = uploads
        self.staging = staging
        self.limits = limits
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> ResumableUpload {
        let user = try await users.activeUser(input.principal)
        guard input.length > 0 else { throw ValidationError(field: "Upload-Length", code: "empty_file", message: "the file is empty") }
        guard input.length <= limits.maxUploadBytes else { throw UploadError.tooLarge(limit: limits.maxUploadBytes) }
        let filename = VideoMetadata.filename(input.metadata["filename"] ?? input.metadata["name"])
        let title = try VideoMetadata.title(input.metadata["title"] ?? VideoMetadata.defaultTitle(filename: filename))
        let description = try VideoMetadata.description(input.metadata["description"])
        let tags = try VideoMetadata.tags(input.metadata["tags"].map { $0.split(separator: ",").map(String.init) })
        let visibility = try VideoMetadata.visibility(input.metadata["visibility"])
        let now = clock.now()
        let id = UUID()
        let video = Video(
            id: id, ownerId: user.id, title: title, description: description, tags: tags, visibility: visibility,
            status: .uploading, originalFilename: filename, sizeBytes: input.length, createdAt: now, updatedAt: now)
        let upload = ResumableUpload(
            id: id, ownerId: user.id, length: input.length, offset: 0, rawMetadata: input.rawMetadata,
            expiresAt: now.addingTimeInterval(limits.uploadExpiry.seconds), createdAt: now)
        try await staging.create(id: id)
        do {
            try await uploads.create(upload, video: video, defaultQuotaBytes: limits.defaultQuotaBytes)
        } catch {
            try? await staging.delete(id: id)
            throw error
        }
        return upload
    }
}
