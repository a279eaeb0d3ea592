import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Removes a video's caption in one language; the next play no longer lists it.
public struct DeleteCaption: Sendable {
    let editor: VideoCatalogEditor
    let captions: any CaptionRepository
    let storage: any ObjectStorage
    let publisher: CaptionPublisher

    public init(
        users: any UserRepository, videos: any VideoRepository, captions: any CaptionRepository, storage: any ObjectStorage,
        clock: any DateProvider
    ) {
        self.editor = VideoCatalogEditor(users: users, videos: videos, clock: clock)
        self.captions = captions
        self.storage = storage
        self.publisher = CaptionPublisher(videos: videos, captions: captions, storage: storage, clock: clock)
    }

    public func execute(principal: Principal, videoId: UUID, language raw: String) async throws {
        let language = try LanguageTag.parse(raw, field: "lang")
        let video = try await editor.editable(principal, videoId: videoId)
        guard try await captions.delete(videoId: video.id, language: language) else { throw CaptionError.notFound }
        if let media = video.media { try await publisher.publish(video, media: media) }
        // Streams already running keep their manifests, which name the file: it goes with the video's purge.
    }
}
