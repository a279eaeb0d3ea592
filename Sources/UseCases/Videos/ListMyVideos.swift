#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain

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
        let limit = try KeysetCursor.limit(input.limit)
        let after = try input.cursor.map { cursor throws(PaginationError) in try KeysetCursor.decode(cursor) }
        let rows = try await videos.list(ownerId: user.id, after: after, limit: limit + 1)
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { KeysetCursor.encode(KeysetPosition(createdAt: $0.createdAt, id: $0.id)) } : nil
        return Page(items: items, nextCursor: next)
    }
}
