import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Replaces a video's generated poster with an uploaded picture (owner, editors, admins). The picture is decoded to
/// prove it is one and re-encoded as a JPEG at the poster size; it is stored under a new name, so the poster URL
/// changes with the image and caches never serve the old one.
public struct SetPoster: Sendable {
    let editor: VideoCatalogEditor
    let videos: any VideoRepository
    let encoder: any PosterEncoder
    let storage: any ObjectStorage
    let clock: any DateProvider

    public init(
        users: any UserRepository, videos: any VideoRepository, encoder: any PosterEncoder, storage: any ObjectStorage,
        clock: any DateProvider
    ) {
        self.editor = VideoCatalogEditor(users: users, videos: videos, clock: clock)
        self.videos = videos
        self.encoder = encoder
        self.storage = storage
        self.clock = clock
    }

    /// The poster's file name in the package for a version (0: the generated one).
    public static func file(_ version: Int, generated: String) -> String { version > 0 ? "poster-v\(version).jpg" : generated }

    public func execute(principal: Principal, videoId: UUID, format: ImageFormat, body: [UInt8]) async throws -> Video {
        let video = try await editor.editable(principal, videoId: videoId)
        guard video.status == .ready, video.media != nil else { throw PlaybackError.videoNotReady }
        guard body.count <= ImageFormat.maximumBytes else { throw StorageError.tooLarge(limit: ImageFormat.maximumBytes) }
        let jpeg = try await encoder.poster(from: body, format: format)
        let version = Int((clock.now().timeIntervalSince1970 * 1000).rounded())
        _ = try await storage.put(key: try Video.mediaKey(video.id, path: Self.file(version, generated: "")), body: .chunks([jpeg]))
        guard
            let updated = try await videos.update(
                id: video.id,
                { video in
                    video.catalog.posterVersion = max(video.catalog.posterVersion, version)
                })
        else { throw VideoError.notFound }
        return updated
    }
}
