import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `DELETE /me/history/{videoId}`: forgets a video in one profile's history, or in every profile of the account.
public struct DeleteWatchHistory: Sendable {
    let users: any UserRepository
    let profiles: any ProfileRepository
    let history: any WatchHistoryRepository

    public init(users: any UserRepository, profiles: any ProfileRepository, history: any WatchHistoryRepository) {
        self.users = users
        self.profiles = profiles
        self.history = history
    }

    public func execute(principal: Principal, videoId: UUID, profileId: UUID?) async throws {
        let user = try await users.activeUser(principal)
        try await profiles.requireOwned(profileId, by: user.id)
        _ = try await history.delete(userId: user.id, profileId: profileId, videoId: videoId)
    }
}
