#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ready video's package in storage: what players and the API need, keys relative to the video's media prefix.
public struct PublishedMedia: Sendable, Equatable, Codable {
    public var durationSeconds: Double
    public var renditions: [Rendition]
    public var audio: AudioRendition?
    public var hlsMaster: String
    public var dashManifest: String
    public var poster: String
    public var storyboard: String
    /// Bytes of every published object.
    public var outputBytes: Int64
    public var source: MediaProbe

    public init(
        durationSeconds: Double, renditions: [Rendition], audio: AudioRendition?, hlsMaster: String, dashManifest: String,
        poster: String, storyboard: String, outputBytes: Int64, source: MediaProbe
    ) {
        self.durationSeconds = durationSeconds
        self.renditions = renditions
        self.audio = audio
        self.hlsMaster = hlsMaster
        self.dashManifest = dashManifest
        self.poster = poster
        self.storyboard = storyboard
        self.outputBytes = outputBytes
        self.source = source
    }
}

/// What the uploader sees at `GET /videos/{id}/processing`.
public struct ProcessingState: Sendable, Equatable {
    public var videoId: UUID
    public var ownerId: UUID
    public var visibility: VideoVisibility
    public var status: VideoStatus
    public var step: ProcessingStep
    public var percent: Double
    public var etaSeconds: Double?
    public var failureReason: String?
    public var startedAt: Date?
    public var updatedAt: Date

    public init(
        videoId: UUID, ownerId: UUID, visibility: VideoVisibility, status: VideoStatus, step: ProcessingStep, percent: Double,
        etaSeconds: Double?, failureReason: String?, startedAt: Date?, updatedAt: Date
    ) {
        self.videoId = videoId
        self.ownerId = ownerId
        self.visibility = visibility
        self.status = status
        self.step = step
        self.percent = percent
        self.etaSeconds = etaSeconds
        self.failureReason = failureReason
        self.startedAt = startedAt
        self.updatedAt = updatedAt
    }
}

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

    public init(id: UUID = UUID(), userId: UUID, kind: String, title: String, body: String, videoId: UUID?, createdAt: Date, readAt: Date? = nil) {
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
