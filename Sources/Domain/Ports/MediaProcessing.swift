#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads what a media file contains. Implemented with FFmpeg's libraries; decoding untrusted files belongs in the
/// isolated transcoder, so the server only calls this inside its child process.
public protocol MediaProber: Sendable {
    /// Throws `MediaError` when the file is not media the pipeline can use.
    func probe(path: String) async throws -> MediaProbe
}

/// Turns an original into a streamable package: probe, ladder, one decode feeding every rung, CMAF segments with
/// HLS and DASH manifests, and the thumbnails (poster, storyboard sprites and their WebVTT track) taken from the
/// same decoded frames. Throws `MediaError` (permanent for bad media, transient for crashes and timeouts).
public protocol Transcoder: Sendable {
    func transcode(_ request: TranscodeRequest, progress: @escaping @Sendable (TranscodeProgress) -> Void) async throws
        -> TranscodeResult
}

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

/// Local working directories for jobs that need files (the transcoder reads and writes local files).
public protocol ScratchSpace: Sendable {
    /// An empty directory named `name` (anything left there by an earlier attempt is removed first).
    func makeDirectory(_ name: String) async throws -> String
    /// Removes a directory made here and everything in it.
    func remove(_ path: String) async throws
}
