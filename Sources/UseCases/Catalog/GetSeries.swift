import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A series with its seasons and the episodes the viewer may see, in order, with the profile's progress on each.
/// Its owner, editors and admins see every episode; others see a series only while it is listed for them.
public struct GetSeries: Sendable {
    public struct Output: Sendable {
        public var series: Series
        public var seasons: [Season]
        /// Watch progress of the viewer's profile, by video id.
        public var progress: [UUID: WatchHistoryEntry]
    }

    let series: any SeriesRepository
    let history: any WatchHistoryRepository
    let audiences: AudienceResolver

    public init(
        users: any UserRepository, profiles: any ProfileRepository, series: any SeriesRepository,
        history: any WatchHistoryRepository, clock: any DateProvider
    ) {
        self.series = series
        self.history = history
        self.audiences = AudienceResolver(users: users, profiles: profiles, clock: clock)
    }

    public func execute(seriesId: UUID, viewer: Viewer) async throws -> Output {
        let (audience, user) = try await audiences.resolve(viewer)
        guard let found = try await series.find(id: seriesId) else { throw CatalogError.seriesNotFound }
        let privileged = user.map { $0.id == found.ownerId || $0.role.editsCatalog } ?? false
        if !privileged {
            guard try await series.isListed(id: seriesId, audience: audience) else { throw CatalogError.seriesNotFound }
        }
        let seasons = try await series.seasons(seriesId: seriesId, audience: privileged ? nil : audience)
        var progress: [UUID: WatchHistoryEntry] = [:]
        if let profileId = viewer.profileId {
            let ids = seasons.flatMap(\.episodes).map(\.video.id)
            for entry in try await history.entries(profileId: profileId, videoIds: ids) { progress[entry.videoId] = entry }
        }
        return Output(series: found, seasons: seasons, progress: progress)
    }
}
