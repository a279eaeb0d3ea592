#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a media file contains, as read by the prober (container, duration, every stream).
public struct MediaProbe: Sendable, Equatable, Codable {
    /// Demuxer name(s), e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public var container: String
    public var durationSeconds: Double
    /// Overall bit rate in bits per second (0 when unknown).
    public var bitRate: Int64
    public var videoStreams: [VideoStreamInfo]
    public var audioStreams: [AudioStreamInfo]

    public init(container: String, durationSeconds: Double, bitRate: Int64, videoStreams: [VideoStreamInfo], audioStreams: [AudioStreamInfo]) {
        self.container = container
        self.durationSeconds = durationSeconds
        self.bitRate = bitRate
        self.videoStreams = videoStreams
        self.audioStreams = audioStreams
    }

    /// The stream the pipeline transcodes: the first decodable video stream.
    public var primaryVideo: VideoStreamInfo? { videoStreams.first }
    public var primaryAudio: AudioStreamInfo? { audioStreams.first }
}

public struct VideoStreamInfo: Sendable, Equatable, Codable {
    public var index: Int
    public var codec: String
    public var profile: String?
    /// Coded size (before rotation and sample aspect).
    public var width: Int
    public var height: Int
    /// Clockwise rotation a player applies for display: 0, 90, 180 or 270.
    public var rotation: Int
    public var sampleAspectNumerator: Int
    public var sampleAspectDenominator: Int
    /// Average frame rate (frames per second).
    public var frameRate: Double
    /// True when frame durations vary (the average and the base rate disagree).
    public var variableFrameRate: Bool
    public var pixelFormat: String
    public var bitDepth: Int
    public var bitRate: Int64

    public init(
        index: Int, codec: String, profile: String?, width: Int, height: Int, rotation: Int, sampleAspectNumerator: Int,
        sampleAspectDenominator: Int, frameRate: Double, variableFrameRate: Bool, pixelFormat: String, bitDepth: Int,
        bitRate: Int64
    ) {
        self.index = index
        self.codec = codec
        self.profile = profile
        self.width = width
        self.height = height
        self.rotation = rotation
        self.sampleAspectNumerator = sampleAspectNumerator
        self.sampleAspectDenominator = sampleAspectDenominator
        self.frameRate = frameRate
        self.variableFrameRate = variableFrameRate
        self.pixelFormat = pixelFormat
        self.bitDepth = bitDepth
        self.bitRate = bitRate
    }

    /// Width and height as shown: sample aspect applied to the width, then rotation.
    public var displaySize: (width: Double, height: Double) {
        let sar = sampleAspectNumerator > 0 && sampleAspectDenominator > 0
            ? Double(sampleAspectNumerator) / Double(sampleAspectDenominator) : 1
        let w = Double(width) * sar, h = Double(height)
        return rotation == 90 || rotation == 270 ? (h, w) : (w, h)
    }
}

public struct AudioStreamInfo: Sendable, Equatable, Codable {
    public var index: Int
    public var codec: String
    public var profile: String?
    public var channels: Int
    /// e.g. `stereo`, `5.1(side)`.
    public var channelLayout: String
    public var sampleRate: Int
    public var bitRate: Int64

    public init(index: Int, codec: String, profile: String?, channels: Int, channelLayout: String, sampleRate: Int, bitRate: Int64) {
        self.index = index
        self.codec = codec
        self.profile = profile
        self.channels = channels
        self.channelLayout = channelLayout
        self.sampleRate = sampleRate
        self.bitRate = bitRate
    }
}

/// Why a media file cannot be processed. `code` is what the video shows as its failure reason.
public struct MediaError: Error, Sendable, Equatable, Codable {
    /// `unsupported_media` (no decodable video), `invalid_media` (not a readable container), `truncated_media`,
    /// `dimensions_too_large`, `too_long`, `transcode_failed`, `transcode_crashed`, `transcode_timeout`.
    public var code: String
    public var message: String
    /// True when trying again cannot help (the file itself is the problem).
    public var permanent: Bool

    public init(code: String, message: String, permanent: Bool) {
        self.code = code
        self.message = message
        self.permanent = permanent
    }

    public static func unsupported(_ message: String) -> MediaError { .init(code: "unsupported_media", message: message, permanent: true) }
    public static func invalid(_ message: String) -> MediaError { .init(code: "invalid_media", message: message, permanent: true) }
}
