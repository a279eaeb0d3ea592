#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The processing side of a video's record: status, progress, the published package and the owner's notification.
public protocol VideoProcessingRepository: Sendable {
    /// Marks the video `processing` (step `preparing`, 0 %); nil when the video is gone or deleted.
    func begin(videoId: UUID, at date: Date) async throws -> Video?
    /// Records progress; false when the video has been deleted meanwhile (the caller stops).
    func recordProgress(videoId: UUID, _ progress: TranscodeProgress, at date: Date) async throws -> Bool
    /// Marks the video `ready` with its package; the output bytes replace (never add to) what was counted before;
    /// the notification is written in the same transaction. False when the video has been deleted.
    func publish(videoId: UUID, media: PublishedMedia, notification: UserNotification, at date: Date) async throws -> Bool
    /// Marks the video `failed` with a reason and writes the notification (nothing when it is deleted).
    func fail(videoId: UUID, reason: String, notification: UserNotification, at date: Date) async throws
    /// Where processing is; nil when the video is gone or deleted.
    func processingState(videoId: UUID) async throws -> ProcessingState?
    /// The owner's notifications, newest first.
    func notifications(userId: UUID, limit: Int) async throws -> [UserNotification]
}
