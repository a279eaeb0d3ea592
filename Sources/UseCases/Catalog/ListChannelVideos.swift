import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A channel's listed videos for the caller, newest release first.
public struct ListChannelVideos: Sendable {
    let users: any UserRepository
    let catalog: any CatalogRepository
    let audiences: AudienceResolver

    public init(users: any UserRepository, profiles: any ProfileRepository, catalog: any CatalogRepository, clock: any DateProvider) {
        self.users = users
        self.catalog = catalog
        self.audiences = AudienceResolver(users: users, profiles: profiles, clock: clock)
    }

    public func execute(ownerId: UUID, viewer: Viewer, limit: Int?, cursor: String?) async throws -> Page<Video> {
        guard let owner = try await users.find(id: ownerId), owner.status == .active else { throw CatalogError.channelNotFound }
        let (audience, _) = try await audiences.resolve(viewer)
        return try await KeysetCursor.page(
            limit: limit, cursor: cursor,
            position: { KeysetPosition(createdAt: $0.catalog.publishAt ?? $0.createdAt, id: $0.id) },
            fetch: { after, limit in try await catalog.channelVideos(ownerId: owner.id, audience: audience, after: after, limit: limit) })
    }
}
