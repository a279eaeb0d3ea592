import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An account's public channel, by id or by handle, with the number of videos it lists for the caller.
public struct GetChannel: Sendable {
    public enum Reference: Sendable {
        case id(UUID)
        case handle(String)
    }

    let users: any UserRepository
    let catalog: any CatalogRepository
    let audiences: AudienceResolver

    public init(users: any UserRepository, profiles: any ProfileRepository, catalog: any CatalogRepository, clock: any DateProvider) {
        self.users = users
        self.catalog = catalog
        self.audiences = AudienceResolver(users: users, profiles: profiles, clock: clock)
    }

    public func execute(_ reference: Reference, viewer: Viewer) async throws -> Channel {
        let owner: User?
        switch reference {
        case .id(let id): owner = try await users.find(id: id)
        case .handle(let raw):
            let handle = try? ChannelHandle.validate(raw)
            owner = try await handle.asyncMap { try await users.find(handle: $0) } ?? nil
        }
        guard let owner, owner.status == .active else { throw CatalogError.channelNotFound }
        let (audience, _) = try await audiences.resolve(viewer)
        return Channel(
            id: owner.id, handle: owner.handle, displayName: owner.displayName, description: owner.channelDescription,
            videoCount: try await catalog.channelVideoCount(ownerId: owner.id, audience: audience), createdAt: owner.createdAt)
    }
}
