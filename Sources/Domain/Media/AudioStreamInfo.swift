#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
