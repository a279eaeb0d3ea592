#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a signed media token grants: one video's shared files (manifests, poster, storyboard) and the listed
/// renditions, until `expiresAt`, for one playback session.
public struct MediaGrant: Sendable, Equatable {
    public var videoId: UUID
    public var sessionId: UUID
    public var expiresAt: Date
    public var renditions: [GrantedRendition]

    public init(videoId: UUID, sessionId: UUID, expiresAt: Date, renditions: [GrantedRendition]) {
        self.videoId = videoId
        self.sessionId = sessionId
        self.expiresAt = expiresAt
        self.renditions = renditions
    }

    /// Whether the grant opens a package file (a flat name as the transcoder writes them); nil when the name is not
    /// a file of a package at all.
    public func allows(file: String) -> Bool? {
        MediaFile(name: file).map(allows)
    }

    /// Whether the grant opens a file already read by `MediaFile(name:)`.
    public func allows(_ file: MediaFile) -> Bool {
        switch file {
        case .shared: true
        case .representation(let id): renditions.contains { $0.representationId == id }
        case .hlsPlaylist(let name): renditions.contains { $0.name == name }
        }
    }
}
