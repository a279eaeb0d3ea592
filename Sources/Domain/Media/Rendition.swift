#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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

    public init(
        name: String, width: Int, height: Int, videoBitRate: Int, peakBitRate: Int, averageBitRate: Int, frameRate: Double, codecs: String,
        playlist: String
    ) {
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
