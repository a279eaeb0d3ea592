import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Changes a video's title, description, tags or visibility (owner only).
public struct UpdateVideo: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var videoId: UUID
        public var title: String?
        public var description: String?
        public var tags: [String]?
        public var visibility: String?

        public init(principal: Principal, videoId: UUID, title: String?, description: String?, tags: [String]?, visibility: String?) {
            self.principal = principal
            self.videoId = videoId
            self.title = title
            self.description = description
            self.tags = tags
            self.visibility = visibility
        }
    }

    let users: any UserRepository
    let videos: any VideoRepository
    let clock: any DateProvider

    public init(users: any UserRepository, videos: any VideoRepository, clock: any DateProvider) {
        self.users = users
        self.videos = videos
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> Video {
        let user = try await users.activeUser(input.principal)
        let title = try input.title.map { raw throws(ValidationError) in try VideoMetadata.title(raw) }
        let description = try input.description.map { raw throws(ValidationError) in try VideoMetadata.description(raw) }
        let tags = try input.tags.map { raw throws(ValidationError) in try VideoMetadata.tags(raw) }
        let visibility = try input.visibility.map { raw throws(ValidationError) in try VideoMetadata.visibility(raw) }
        let now = clock.now()
        let updated = try await videos.update(id: input.videoId) { video in
            guard video.ownerId == user.id else {
                throw video.isVisible(to: user) ? VideoError.notOwner : VideoError.notFound
            }
            if let title { video.title = title }
            if let description { video.description = description }
            if let tags { video.tags = tags }
            if let visibility { video.visibility = visibility }
            video.updatedAt = now
        }
        guard let updated else { throw VideoError.notFound }
        return updated
    }
}
