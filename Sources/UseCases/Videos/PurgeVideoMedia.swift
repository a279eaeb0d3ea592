import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Job handler: removes a deleted video's objects and unfinished upload bytes, then its row. Running it twice
/// is harmless: each step treats "already gone" as done.
public struct PurgeVideoMedia: JobHandler {
    public let kind = MediaJobs.purge
    let videos: any VideoRepository
    let storage: any ObjectStorage
    let staging: any UploadStagingStore

    public init(videos: any VideoRepository, storage: any ObjectStorage, staging: any UploadStagingStore) {
        self.videos = videos
        self.storage = storage
        self.staging = staging
    }

    public func run(_ job: ClaimedJob) async throws {
        let payload = try job.decodePayload(MediaJobs.VideoPayload.self)
        try await storage.deletePrefix(Video.prefix(payload.videoId))
        try await staging.delete(id: payload.videoId)
        try await videos.purge(id: payload.videoId)
    }
}
