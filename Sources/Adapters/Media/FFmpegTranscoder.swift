import Domain
import Foundation

/// `Transcoder` running the FFmpeg pipeline in this process, on a thread of its own. The server never uses it
/// directly on uploads: `ChildProcessTranscoder` runs it inside `zviewer transcode`, so a decoder crash or hang
/// costs one child process, not the API.
public struct FFmpegTranscoder: Transcoder {
    public init() {}

    public func transcode(
        _ request: TranscodeRequest, progress: @escaping @Sendable (TranscodeProgress) -> Void
    ) async throws
        -> TranscodeResult
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    try FileManager.default.createDirectory(atPath: request.outputDirectory, withIntermediateDirectories: true)
                    let pipeline = try FFmpegPipeline(request: request, progress: progress)
                    continuation.resume(returning: try pipeline.run())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
