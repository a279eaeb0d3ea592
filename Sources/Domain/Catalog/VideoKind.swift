#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a video is in the catalog. `episode` is set only by attaching the video to a series.
public enum VideoKind: String, Sendable, Codable, CaseIterable {
    case clip
    case movie
    case episode
}
