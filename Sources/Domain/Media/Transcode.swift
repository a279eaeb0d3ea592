#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the transcoder is asked to make of one original.
public struct TranscodeRequest: Sendable, Equatable, Codable {
    /// A local file holding the original.
    public var inputPath: String
    /// An empty local directory the package is written to.
    public var outputDirectory: String
    public var settings: TranscodeSettings

    public init(inputPath: String, outputDirectory: String, settings: TranscodeSettings) {
        self.inputPath = inputPath
        self.outputDirectory = outputDirectory
        self.settings = settings
    }
}

/// How to encode and package (from configuration).
public struct TranscodeSettings: Sendable, Equatable, Codable {
    public var rungs: [LadderRung]
    /// libx264 preset (`veryfast` by default).
    public var preset: String
    /// Threads per codec (0: FFmpeg chooses).
    public var threads: Int
    public var segmentSeconds: Int
    /// Keyframe interval in seconds (segments are a whole number of these).
    public var keyframeSeconds: Int
    public var audioBitRate: Int
    public var thumbnailIntervalSeconds: Int
    /// Longest original accepted, in seconds.
    public var maxDurationSeconds: Double

    public init(
        rungs: [LadderRung] = LadderRung.defaults, preset: String = "veryfast", threads: Int = 0, segmentSeconds: Int = 4,
        keyframeSeconds: Int = 2, audioBitRate: Int = 128_000, thumbnailIntervalSeconds: Int = 10, maxDurationSeconds: Double = 6 * 3600
    ) {
        self.rungs = rungs
        self.preset = preset
        self.threads = threads
        self.segmentSeconds = segmentSeconds
        self.keyframeSeconds = keyframeSeconds
        self.audioBitRate = audioBitRate
        self.thumbnailIntervalSeconds = thumbnailIntervalSeconds
        self.maxDurationSeconds = maxDurationSeconds
    }
}

/// Where a running transcode is.
public struct TranscodeProgress: Sendable, Equatable, Codable {
    public var step: ProcessingStep
    /// 0...100.
    public var percent: Double
    /// Seconds left, when it can be estimated.
    public var etaSeconds: Double?
    /// The source's duration, once probed (a supervisor sizes its time limit with it).
    public var sourceDurationSeconds: Double?

    public init(step: ProcessingStep, percent: Double, etaSeconds: Double? = nil, sourceDurationSeconds: Double? = nil) {
        self.step = step
        self.percent = percent
        self.etaSeconds = etaSeconds
        self.sourceDurationSeconds = sourceDurationSeconds
    }
}

public enum ProcessingStep: String, Sendable, Codable, CaseIterable {
    case queued, preparing, probing, transcoding, packaging, publishing, done, failed
}

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

/// One video rendition of a package.
public struct Rendition: Sendable, Equatable, Codable {
    public var name: String
    public var width: Int
    public var height: Int
    /// Target video bit rate.
    public var videoBitRate: Int
    /// Measured: peak segment bit rate and average over the whole rendition (video only), bits per second.
    public var peakBitRate: Int
    public var averageBitRate: Int
    public var frameRate: Double
    /// RFC 6381 codec string, e.g. `avc1.640028`.
    public var codecs: String
    /// Media playlist, relative to the package.
    public var playlist: String

    public init(name: String, width: Int, height: Int, videoBitRate: Int, peakBitRate: Int, averageBitRate: Int, frameRate: Double, codecs: String, playlist: String) {
        self.name = name
        self.width = width
        self.height = height
        self.videoBitRate = videoBitRate
        self.peakBitRate = peakBitRate
        self.averageBitRate = averageBitRate
        self.frameRate = frameRate
        self.codecs = codecs
        self.playlist = playlist
    }
}

public struct AudioRendition: Sendable, Equatable, Codable {
    public var codecs: String
    public var bitRate: Int
    public var channels: Int
    public var sampleRate: Int
    public var playlist: String

    public init(codecs: String, bitRate: Int, channels: Int, sampleRate: Int, playlist: String) {
        self.codecs = codecs
        self.bitRate = bitRate
        self.channels = channels
        self.sampleRate = sampleRate
        self.playlist = playlist
    }
}

public struct PackagedFile: Sendable, Equatable, Codable {
    /// Relative path inside the package, e.g. `v0/seg-00001.m4s`.
    public var path: String
    public var bytes: Int64

    public init(path: String, bytes: Int64) {
        self.path = path
        self.bytes = bytes
    }
}
