#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the uploader sees of a video being processed.
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
