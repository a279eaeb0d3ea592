#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public protocol WatchHistoryRepository: Sendable {
    func entry(profileId: UUID, videoId: UUID) async throws -> WatchHistoryEntry?
    /// The profile's entries for any of `videoIds` (one query for a whole series).
    func entries(profileId: UUID, videoIds: [UUID]) async throws -> [WatchHistoryEntry]
    /// An account's history (one profile, or all), most recent first, keyset-paginated on (lastWatchedAt, videoId).
    func list(
        userId: UUID, profileId: UUID?, onlyInProgress: Bool, after: KeysetPosition?, limit: Int
    ) async throws
        -> [WatchHistoryEntry]
    /// Forgets a video in the account's history (one profile or all); returns the number of entries removed.
    func delete(userId: UUID, profileId: UUID?, videoId: UUID) async throws -> Int
}
