#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
