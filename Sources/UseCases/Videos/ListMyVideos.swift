import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The caller's videos, newest first, with their status.
public struct ListMyVideos: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var limit: Int?
        public var cursor: String?

        public init(principal: Principal, limit: Int?, cursor: String?) {
            self.principal = principal
            self.limit = limit
            self.cursor = cursor
        }
    }

    let users: any UserRepository
    let videos: any VideoRepository

    public init(users: any UserRepository, videos: any VideoRepository) {
        self.users = users
        self.videos = videos
    }

    public func execute(_ input: Input) async throws -> Page<Video> {
        let user = try await users.activeUser(input.principal)
        return try await KeysetCursor.page(
            limit: input.limit, cursor: input.cursor, position: { KeysetPosition(createdAt: $0.createdAt, id: $0.id) },
            fetch: { after, limit in try await videos.list(ownerId: user.id, after: after, limit: limit) })
    }
}
