import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A video's captions, for whoever may see the video.
public struct ListCaptions: Sendable {
    let captions: any CaptionRepository
    let getVideo: GetVideo

    public init(captions: any CaptionRepository, getVideo: GetVideo) {
        self.captions = captions
        self.getVideo = getVideo
    }

    public func execute(viewer: Viewer, videoId: UUID) async throws -> [Caption] {
        let view = try await getVideo.execute(.init(viewer: viewer, videoId: videoId))
        return try await captions.list(videoId: view.video.id)
    }
}
