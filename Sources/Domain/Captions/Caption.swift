#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A caption track of a video in one language, stored as WebVTT.
public struct Caption: Sendable, Equatable {
    public var videoId: UUID
    public var language: LanguageTag
    /// The name players show (`English`, `Deutsch (SDH)`).
    public var label: String
    public var cueCount: Int
    public var sizeBytes: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        videoId: UUID, language: LanguageTag, label: String, cueCount: Int, sizeBytes: Int, createdAt: Date, updatedAt: Date
    ) {
        self.videoId = videoId
        self.language = language
        self.label = label
        self.cueCount = cueCount
        self.sizeBytes = sizeBytes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The largest caption file accepted.
    public static let maximumBytes = 1 << 20

    /// The WebVTT file's name in the package (served under `/media/{videoId}/`).
    public var file: String { Self.file(language) }
    /// The HLS subtitle media playlist pointing at `file`.
    public var playlist: String { "captions-\(language.value).m3u8" }

    public static func file(_ language: LanguageTag) -> String { "captions-\(language.value).vtt" }
}
