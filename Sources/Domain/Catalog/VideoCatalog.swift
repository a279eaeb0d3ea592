#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the catalog knows about a video: what it is, who it is for, and where and when it may be watched.
public struct VideoCatalog: Sendable, Equatable {
    public var kind: VideoKind = .clip
    /// Genre slugs, in the order given.
    public var genres: [String] = []
    public var maturity: MaturityRating = .all
    public var language: LanguageTag?
    public var releaseYear: Int?
    public var availableFrom: Date?
    public var availableUntil: Date?
    public var regions: RegionRule?
    /// A public video is listed from this moment on (nil: at once).
    public var publishAt: Date?
    /// When the scheduled publishing job saw the video go out.
    public var publishedAt: Date?
    /// Set when the video is an episode of a series.
    public var episode: EpisodeSlot?
    /// The title of the series `episode` belongs to (read with the video, for display).
    public var seriesTitle: String?
    /// Bumped when the poster is replaced.
    public var posterVersion: Int = 0
    /// Which captioned master and MPD to hand out (`CaptionManifests`); 0: the transcoder's, without captions.
    public var captionsVersion: Int = 0

    public init() {}
}
