import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who may change a video's catalog side (captions, poster): its owner, editors and admins. Anyone else is told the video does not exist
/// unless they can see it.
struct VideoCatalogEditor: Sendable {
    let users: any UserRepository
    let videos: any VideoRepository
    let clock: any DateProvider

    func editable(_ principal: Principal, videoId: UUID) async throws -> Video {
        let user = try await users.activeUser(principal)
        guard let video = try await videos.find(id: videoId) else { throw VideoError.notFound }
        guard video.ownerId == user.id || user.role.editsCatalog else {
            throw Audience(user, now: clock.now()).access(to: video) == .hidden ? VideoError.notFound : VideoError.notOwner
        }
        return video
    }
}
