import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Job handler of `video.transcode`: copies the original to a scratch directory, has the (isolated) transcoder
/// make the package while its progress is persisted, then publishes the package under the video's media prefix
/// and marks the video `ready`, notifying the owner.
///
/// Idempotent: a ready video is left alone; every attempt starts from an empty scratch directory and an emptied
/// media prefix, and the output bytes replace what an earlier attempt counted. A deleted video stops the attempt
/// (the transcoder is cancelled, which kills its process). Bad media fails the video at once (permanent); crashes
/// and timeouts are retried and fail the video when the last attempt fails.
public struct TranscodeVideo: JobHandler {
    public let kind = MediaJobs.transcode
    let videos: any VideoRepository
    let processing: any VideoProcessingRepository
    let storage: any ObjectStorage
    let transcoder: any Transcoder
    let scratch: any ScratchSpace
    let settings: TranscodeSettings
    let clock: any DateProvider
    let progressInterval: Duration

    public init(
        videos: any VideoRepository, processing: any VideoProcessingRepository, storage: any ObjectStorage,
        transcoder: any Transcoder, scratch: any ScratchSpace, settings: TranscodeSettings, clock: any DateProvider,
        progressInterval: Duration = .seconds(1)
    ) {
        self.videos = videos
        self.processing = processing
        self.storage = storage
        self.transcoder = transcoder
        self.scratch = scratch
        self.settings = settings
        self.clock = clock
        self.progressInterval = progressInterval
    }

    static let publishConcurrency = 4

    /// The video was deleted while it was being processed.
    struct VideoDeleted: Error {}

    public func run(_ job: ClaimedJob) async throws {
        let id = try job.decodePayload(MediaJobs.VideoPayload.self).videoId
        guard let current = try await videos.find(id: id) else { return }
        if current.status == .ready, current.media != nil { return }
        guard let video = try await processing.begin(videoId: id, at: clock.now()) else { return }
        let directory = try await scratch.makeDirectory("transcode-\(id.lowercasedString)")
        do {
            try await process(video, in: directory)
            try? await scratch.remove(directory)
        } catch {
            try? await scratch.remove(directory)
            var deleted = error is VideoDeleted
            if !deleted, error is CancellationError { deleted = (try? await videos.find(id: id)) == nil }
            if deleted {
                _ = try? await storage.deletePrefix(Video.mediaPrefix(id))
                return
            }
            let media =
                error as? MediaError
                ?? MediaError(code: "transcode_failed", message: String(describing: error), permanent: false)
            if error is CancellationError { throw error }  // shutting down: the job is released, not failed
            if media.permanent || job.attempt >= job.maxAttempts {
                try await processing.fail(videoId: id, reason: media.code, notification: failed(video, media), at: clock.now())
            } else {
                _ = try? await processing.recordProgress(videoId: id, .init(step: .queued, percent: 0), at: clock.now())
            }
            if media.permanent { throw JobError.permanent("\(media.code): \(media.message)") }
            throw media
        }
    }

    private func process(_ video: Video, in directory: String) async throws {
        let id = video.id
        let input = directory + "/original"
        let output = directory + "/package"
        try await storage.copyToFile(key: video.originalKey, path: input)
        let request = TranscodeRequest(inputPath: input, outputDirectory: output, settings: settings)
        let (updates, continuation) = AsyncStream.makeStream(of: TranscodeProgress.self, bufferingPolicy: .bufferingNewest(1))
        let result: TranscodeResult = try await withThrowingTaskGroup(of: TranscodeResult?.self) { group in
            group.addTask {
                defer { continuation.finish() }
                return try await transcoder.transcode(request) { continuation.yield($0) }
            }
            group.addTask {
                // Progress reaches the database at most once per interval (the child reports twice a second);
                // a write that finds the video deleted stops the attempt.
                var last = ContinuousClock.now - progressInterval
                for await update in updates where ContinuousClock.now - last >= progressInterval {
                    last = .now
                    guard try await processing.recordProgress(videoId: id, update, at: clock.now()) else { throw VideoDeleted() }
                }
                return nil
            }
            var produced: TranscodeResult?
            for try await value in group where value != nil { produced = value }
            guard let produced else { throw MediaError(code: "transcode_failed", message: "no result", permanent: false) }
            return produced
        }
        guard try await processing.recordProgress(videoId: id, .init(step: .publishing, percent: 99), at: clock.now()) else {
            throw VideoDeleted()
        }
        try await storage.deletePrefix(Video.mediaPrefix(id))
        // A few uploads at a time: a rename each on local disk, but on S3 hundreds of segments one by one add up.
        let bytes = try await withThrowingTaskGroup(of: Int64.self) { group in
            var pending = result.files.makeIterator()
            var total: Int64 = 0
            func addNext() throws {
                guard let file = pending.next() else { return }
                let key = try Video.mediaKey(id, path: file.path)
                group.addTask { try await storage.putFile(key: key, path: output + "/" + file.path).size }
            }
            for _ in 0..<Self.publishConcurrency { try addNext() }
            while let size = try await group.next() {
                total += size
                try addNext()
            }
            return total
        }
        let media = PublishedMedia(
            durationSeconds: result.durationSeconds, renditions: result.renditions, audio: result.audio, hlsMaster: result.hlsMaster,
            dashManifest: result.dashManifest, poster: result.poster, storyboard: result.storyboard, outputBytes: bytes,
            source: result.probe)
        let notification = UserNotification(
            userId: video.ownerId, kind: "video.ready", title: "Your video is ready",
            body: "“\(video.title)” can now be watched (\(result.renditions.map(\.name).joined(separator: ", "))).",
            videoId: id, createdAt: clock.now())
        guard try await processing.publish(videoId: id, media: media, notification: notification, at: clock.now()) else {
            throw VideoDeleted()
        }
    }

    private func failed(_ video: Video, _ error: MediaError) -> UserNotification {
        UserNotification(
            userId: video.ownerId, kind: "video.failed", title: "Your video could not be processed",
            body: "“\(video.title)”: \(error.message)", videoId: video.id, createdAt: clock.now())
    }
}
