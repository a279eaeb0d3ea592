#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ready video's package in storage: what players and the API need, keys relative to the video's media prefix.
public struct PublishedMedia: Sendable, Equatable, Codable {
    public var durationSeconds: Double
    public var renditions: [Rendition]
    public var audio: AudioRendition?
    public var hlsMaster: String
    public var dashManifest: String
    public var poster: String
    public var storyboard: String
    /// Bytes of every published object.
    public var outputBytes: Int64
    public var source: MediaProbe

    public init(
        durationSeconds: Double, renditions: [Rendition], audio: AudioRendition?, hlsMaster: String, dashManifest: String,
        poster: String, storyboard: String, outputBytes: Int64, source: MediaProbe
    ) {
        self.durationSeconds = durationSeconds
        self.renditions = renditions
        self.audio = audio
        self.hlsMaster = hlsMaster
        self.dashManifest = dashManifest
        self.poster = poster
        self.storyboard = storyboard
        self.outputBytes = outputBytes
        self.source = source
    }
}
