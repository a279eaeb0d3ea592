import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One video, as far as the caller may see it (the audience rule): whether they may watch it here and now and,
/// for an episode, the next one.
public struct GetVideo: Sendable {
    public struct Input: Sendable {
        public var viewer: Viewer
        public var videoId: UUID

        public init(viewer: Viewer, videoId: UUID) {
            self.viewer = viewer
            self.videoId = videoId
        }
    }

    let videos: any VideoRepository
    let series: any SeriesRepository
    let audiences: AudienceResolver

    public init(
        users: any UserRepository, profiles: any ProfileRepository, videos: any VideoRepository, series: any SeriesRepository,
        clock: any DateProvider
    ) {
        self.videos = videos
        self.series = series
        self.audiences = AudienceResolver(users: users, profiles: profiles, clock: clock)
    }

    public func execute(_ input: Input) async throws -> VideoView {
        let (audience, _) = try await audiences.resolve(input.viewer)
        guard let video = try await videos.find(id: input.videoId) else { throw VideoError.notFound }
        var view = VideoView(video: video)
        switch audience.access(to: video) {
        case .hidden: throw VideoError.notFound
        case .unavailable(let reason): view.unavailableReason = reason
        case .available: break
        }
        if let slot = video.catalog.episode { view.nextEpisodeId = try await series.nextEpisode(after: slot, audience: audience) }
        return view
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
