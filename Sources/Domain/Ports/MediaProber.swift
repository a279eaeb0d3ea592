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
