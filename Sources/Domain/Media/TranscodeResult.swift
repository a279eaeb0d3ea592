#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The package a transcode wrote: every file relative to the output directory, and what players need to know.
public struct TranscodeResult: Sendable, Equatable, Codable {
    public var probe: MediaProbe
    public var durationSeconds: Double
    public var renditions: [Rendition]
    public var audio: AudioRendition?
    /// `master.m3u8`
    public var hlsMaster: String
    /// `manifest.mpd`
    public var dashManifest: String
    /// `poster.jpg`
    public var poster: String
    /// `storyboard.vtt` (its cues point into `sprites/...jpg`).
    public var storyboard: String
    public var files: [PackagedFile]

    public init(
        probe: MediaProbe, durationSeconds: Double, renditions: [Rendition], audio: AudioRendition?, hlsMaster: String,
        dashManifest: String, poster: String, storyboard: String, files: [PackagedFile]
    ) {
        self.probe = probe
        self.durationSeconds = durationSeconds
        self.renditions = renditions
        self.audio = audio
        self.hlsMaster = hlsMaster
        self.dashManifest = dashManifest
        self.poster = poster
        self.storyboard = storyboard
        self.files = files
    }

    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.bytes } }
}
