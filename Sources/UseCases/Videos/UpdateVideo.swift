import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Changes a video's details and catalog fields. The owner and admins may change everything; editors may change
/// any video's details and catalog fields but not its visibility.
public struct UpdateVideo: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var videoId: UUID
        public var title: String?
        public var description: String?
        public var tags: [String]?
        public var visibility: String?
        public var catalog: CatalogChanges

        public init(
            principal: Principal, videoId: UUID, title: String?, description: String?, tags: [String]?, visibility: String?,
            catalog: CatalogChanges = CatalogChanges()
        ) {
            self.principal = principal
            self.videoId = videoId
            self.title = title
            self.description = description
            self.tags = tags
            self.visibility = visibility
            self.catalog = catalog
        }
    }

    let users: any UserRepository
    let videos: any VideoRepository
    let catalog: any CatalogRepository
    let clock: any DateProvider

    public init(users: any UserRepository, videos: any VideoRepository, catalog: any CatalogRepository, clock: any DateProvider) {
        self.users = users
        self.videos = videos
        self.catalog = catalog
        self.clock = clock
    }

    public func execute(_ input: Input) async throws -> Video {
        let user = try await users.activeUser(input.principal)
        let title = try input.title.map { raw throws(ValidationError) in try VideoMetadata.title(raw) }
        let description = try input.description.map { raw throws(ValidationError) in try VideoMetadata.description(raw) }
        let tags = try input.tags.map { raw throws(ValidationError) in try VideoMetadata.tags(raw) }
        let visibility = try input.visibility.map { raw throws(ValidationError) in try VideoMetadata.visibility(raw) }
        let now = clock.now()
        let known = input.catalog.genres == nil ? [] : try await catalog.genres()
        let applyCatalog = try input.catalog.validated(genres: known, now: now)
        let updated = try await videos.update(id: input.videoId) { video in
            let owns = video.ownerId == user.id || user.role == .admin
            guard owns || user.role.editsCatalog else {
                throw Audience(user, now: now).access(to: video) == .hidden
                    ? VideoError.notFound : VideoError.notOwner
            }
            if visibility != nil && !owns { throw VideoError.notOwner }
            if let title { video.title = title }
            if let description { video.description = description }
            if let tags { video.tags = tags }
            if let visibility { video.visibility = visibility }
            try applyCatalog(&video.catalog)
            video.updatedAt = now
        }
        guard let updated else { throw VideoError.notFound }
        return updated
    }
}
