import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Stores a video sent in one request: streams the original to storage within the size limit and the owner's
/// quota, then records the video and its transcode job together. Nothing is left behind when any step fails.
public struct UploadVideo: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var title: String?
        public var description: String?
        public var tags: [String]?
        public var visibility: String?
        public var filename: String?
        /// Length of the whole request body when the client declared it (includes multipart framing).
        public var declaredBodyBytes: Int64?
        public var file: ByteStream

        public init(
            principal: Principal, title: String?, description: String?, tags: [String]?, visibility: String?,
            filename: String?, declaredBodyBytes: Int64?, file: ByteStream
        ) {
            self.principal = principal
            self.title = title
            self.description = description
            self.tags = tags
            self.visibility = visibility
            self.filename = filename
            self.declaredBodyBytes = declaredBodyBytes
            self.file = file
        }
    }

    let users: any UserRepository
    let videos: any VideoRepository
    let storage: any ObjectStorage
    let limits: MediaLimits
    let clock: any DateProvider

    public init(
        users: any UserRepository, videos: any VideoRepository, storage: any ObjectStorage, limits: MediaLimits, clock: any DateProvider
    ) {
        self.users = users
        self.videos = videos
        self.storage = storage
        self.limits = limits
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> Video {
        let user = try await users.activeUser(input.principal)
        let filename = VideoMetadata.filename(input.filename)
        let title = try VideoMetadata.title(input.title ?? VideoMetadata.defaultTitle(filename: filename))
        let description = try VideoMetadata.description(input.description)
        let tags = try VideoMetadata.tags(input.tags)
        let visibility = try VideoMetadata.visibility(input.visibility)

        // Refuse before storing anything when the declared size already tells.
        let usage = try await videos.usage(ownerId: user.id, defaultQuotaBytes: limits.defaultQuotaBytes)
        let slack = MediaLimits.multipartOverheadAllowance
        if let declared = input.declaredBodyBytes {
            if declared > limits.maxUploadBytes + slack { throw UploadError.tooLarge(limit: limits.maxUploadBytes) }
            if declared > usage.remainingBytes + slack { throw quotaExceeded(usage) }
        }
        if usage.remainingBytes == 0 { throw quotaExceeded(usage) }

        let sizeLimit = min(limits.maxUploadBytes, usage.remainingBytes)
        let overLimit: UploadError =
            limits.maxUploadBytes <= usage.remainingBytes ? .tooLarge(limit: limits.maxUploadBytes) : quotaExceeded(usage)
        let now = clock.now()
        var video = Video(
            id: UUID(), ownerId: user.id, title: title, description: description, tags: tags, visibility: visibility,
            status: .queued, originalFilename: filename, sizeBytes: 0, createdAt: now, updatedAt: now)
        let stored = try await storage.put(key: video.originalKey, body: input.file.limited(to: sizeLimit) { overLimit })
        do {
            guard stored.size > 0 else { throw ValidationError(field: "file", code: "empty_file", message: "the file is empty") }
            video.sizeBytes = stored.size
            // The quota is checked again under the owner's lock: concurrent uploads cannot pass it together.
            try await videos.create(video, job: try MediaJobs.transcodeJob(video.id), defaultQuotaBytes: limits.defaultQuotaBytes)
        } catch {
            try? await storage.delete(key: video.originalKey)
            throw error
        }
        return video
    }

    private func quotaExceeded(_ usage: StorageUsage) -> UploadError {
        .quotaExceeded(usedBytes: usage.usedBytes, quotaBytes: usage.quotaBytes)
    }
}
