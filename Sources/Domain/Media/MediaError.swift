#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
