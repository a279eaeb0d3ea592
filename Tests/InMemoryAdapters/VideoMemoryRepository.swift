import Domain
import Foundation

/// In-memory `VideoRepository` (no quota bookkeeping beyond the owner's sum).
public actor VideoMemoryRepository: VideoRepository {
    private var videos: [UUID: Video] = [:]
    private var deleted: Set<UUID> = []

    public init() {}

    public func create(_ video: Video, job: JobRequest?, defaultQuotaBytes: Int64) async throws {
        let used = videos.values.filter { $0.ownerId == video.ownerId }.reduce(0) { $0 + $1.sizeBytes + $1.outputBytes }
        guard used + video.sizeBytes <= defaultQuotaBytes else {
            throw UploadError.quotaExceeded(usedBytes: used, quotaBytes: defaultQuotaBytes)
        }
        videos[video.id] = video
    }

    public func find(id: UUID) async throws -> Video? { deleted.contains(id) ? nil : videos[id] }

    public func update(id: UUID, _ change: @Sendable (inout Video) throws -> Void) async throws -> Video? {
        guard !deleted.contains(id), var video = videos[id] else { return nil }
        try change(&video)
        videos[id] = video
        return video
    }

    public func markDeleted(id: UUID, at date: Date, purgeJob: JobRequest) async throws -> Bool {
        guard videos[id] != nil, !deleted.contains(id) else { return false }
        deleted.insert(id)
        if videos[id]?.catalog.episode != nil {
            videos[id]?.catalog.episode = nil
            videos[id]?.catalog.kind = .clip
        }
        return true
    }

    public func purge(id: UUID) async throws {
        videos[id] = nil
        deleted.remove(id)
    }

    public func list(ownerId: UUID, after: KeysetPosition?, limit: Int) async throws -> [Video] {
        let sorted = videos.values.filter { $0.ownerId == ownerId && !deleted.contains($0.id) }
            .sorted { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }
        let page = sorted.filter { video in
            guard let after else { return true }
            return (video.createdAt, video.id.uuidString) < (after.createdAt, after.id.uuidString)
        }
        return Array(page.prefix(limit))
    }

    /// Every video not deleted (for the other in-memory stores).
    public func all() -> [Video] { videos.values.filter { !deleted.contains($0.id) } }

    public func usage(ownerId: UUID, defaultQuotaBytes: Int64) async throws -> StorageUsage {
        let used = videos.values.filter { $0.ownerId == ownerId }.reduce(0) { $0 + $1.sizeBytes + $1.outputBytes }
        return StorageUsage(usedBytes: used, quotaBytes: defaultQuotaBytes)
    }
}
