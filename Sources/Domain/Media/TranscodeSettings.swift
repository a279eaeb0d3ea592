#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
