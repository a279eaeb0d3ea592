import Domain
import Foundation
import InMemoryAdapters
import UseCases

/// The catalog use cases on the playback harness's in-memory stores.
extension PlaybackHarness {
    var browse: BrowseCatalog { BrowseCatalog(users: base.users, profiles: base.profiles, catalog: catalog, clock: clock) }
    var getVideo: GetVideo { GetVideo(users: base.users, profiles: base.profiles, videos: videos, series: series, clock: clock) }
    var updateVideo: UpdateVideo { UpdateVideo(users: base.users, videos: videos, catalog: catalog, clock: clock) }
    var deleteVideo: DeleteVideo { DeleteVideo(users: base.users, videos: videos, clock: clock) }
    var channelVideos: ListChannelVideos {
        ListChannelVideos(users: base.users, profiles: base.profiles, catalog: catalog, clock: clock)
    }
    var getChannel: GetChannel { GetChannel(users: base.users, profiles: base.profiles, catalog: catalog, clock: clock) }
    var createSeries: CreateSeries { CreateSeries(users: base.users, series: series, catalog: catalog, clock: clock) }
    var getSeries: GetSeries {
        GetSeries(users: base.users, profiles: base.profiles, series: series, history: records, clock: clock)
    }
    var addSeason: AddSeason { AddSeason(users: base.users, series: series, clock: clock) }
    var attach: AttachEpisode { AttachEpisode(users: base.users, series: series, videos: videos, clock: clock) }
    var deleteSeries: DeleteSeries { DeleteSeries(users: base.users, series: series, clock: clock) }
    var publish: PublishScheduledVideos { PublishScheduledVideos(catalog: catalog, clock: clock) }

    /// Every id the catalog lists for `viewer`, page by page (`limit` each).
    func catalogIds(_ viewer: Viewer, limit: Int = 100, sort: String? = nil, kind: String? = nil) async throws -> [UUID] {
        var ids: [UUID] = []
        var cursor: String?
        repeat {
            let page = try await browse.execute(.init(viewer: viewer, kind: kind, sort: sort, limit: limit, cursor: cursor))
            ids += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        return ids
    }

    /// An account with a kids profile; returns the principal and that profile.
    func kidsViewer() async throws -> (principal: Principal, profileId: UUID) {
        let (principal, _) = try await viewer()
        let kids = try await base.createProfile.execute(.init(principal: principal, name: "Kids", avatarURL: nil, isKids: true))
        return (principal, kids.id)
    }
}
