#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A message for an account ("your video is ready"); stored now, delivered by a later channel.
public struct UserNotification: Sendable, Equatable {
    public var id: UUID
    public var userId: UUID
    /// `video.ready`, `video.failed`.
    public var kind: String
    public var title: String
    public var body: String
    public var videoId: UUID?
    public var createdAt: Date
    public var readAt: Date?

    public init(
        id: UUID = UUID(), userId: UUID, kind: String, title: String, body: String, videoId: UUID?, createdAt: Date, readAt: Date? = nil
    ) {
        self.id = id
        self.userId = userId
        self.kind = kind
        self.title = title
        self.body = body
        self.videoId = videoId
        self.createdAt = createdAt
        self.readAt = readAt
    }
}
