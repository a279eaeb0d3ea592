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

    public init(
        container: String, durationSeconds: Double, bitRate: Int64, videoStreams: [VideoStreamInfo], audioStreams: [AudioStreamInfo]
    ) {
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
