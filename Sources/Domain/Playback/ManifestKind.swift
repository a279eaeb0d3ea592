#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The text files of a package that are rewritten per stream.
public enum ManifestKind: Sendable, Equatable {
    case hlsMaster
    case hlsMedia
    case dash
    case storyboardTrack

    public init?(file: String) {
        switch file {
        case "master.m3u8": self = .hlsMaster
        case "manifest.mpd": self = .dash
        case _ where file.hasPrefix("master-c") && file.hasSuffix(".m3u8"): self = .hlsMaster
        case _ where file.hasPrefix("manifest-c") && file.hasSuffix(".mpd"): self = .dash
        case "storyboard.vtt": self = .storyboardTrack
        default:
            guard file.hasSuffix(".m3u8") else { return nil }
            self = .hlsMedia
        }
    }

    /// The `Content-Type` it is sent with.
    public var contentType: String {
        switch self {
        case .hlsMaster, .hlsMedia: "application/vnd.apple.mpegurl"
        case .dash: "application/dash+xml"
        case .storyboardTrack: "text/vtt; charset=utf-8"
        }
    }
}
