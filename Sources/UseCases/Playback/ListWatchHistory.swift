import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The history and "continue watching" lists: a profile's (or the whole account's) watch history, most
/// recent first; continue-watching keeps the started, unfinished ones.
public struct ListWatchHistory: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var profileId: UUID?
        public var inProgressOnly: Bool
        public var limit: Int?
        public var cursor: String?

        public init(principal: Principal, profileId: UUID?, inProgressOnly: Bool, limit: Int?, cursor: String?) {
            self.principal = principal
            self.profileId = profileId
            self.inProgressOnly = inProgressOnly
            self.limit = limit
            self.cursor = cursor
        }
    }

    let users: any UserRepository
    let profiles: any ProfileRepository
    let history: any WatchHistoryRepository

    public init(users: any UserRepository, profiles: any ProfileRepository, history: any WatchHistoryRepository) {
        self.users = users
        self.profiles = profiles
        self.history = history
    }

    public func execute(_ input: Input) async throws -> Page<WatchHistoryEntry> {
        let user = try await users.activeUser(input.principal)
        try await profiles.requireOwned(input.profileId, by: user.id)
        return try await KeysetCursor.page(
            limit: input.limit, cursor: input.cursor, position: { KeysetPosition(createdAt: $0.lastWatchedAt, id: $0.videoId) },
            fetch: { after, limit in
                try await history.list(
                    userId: user.id, profileId: input.profileId, onlyInProgress: input.inProgressOnly, after: after, limit: limit)
            })
    }
}
