#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who may see a video.
public enum VideoVisibility: String, Sendable, CaseIterable, Codable {
    /// Listed and playable by anyone.
    case `public`
    /// Playable by anyone who has its id, never listed.
    case unlisted
    /// Only the owner (and administrators).
    case `private`
}
