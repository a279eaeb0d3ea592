#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns an original into a streamable package: probe, ladder, one decode feeding every rung, CMAF segments with
/// HLS and DASH manifests, and the thumbnails (poster, storyboard sprites and their WebVTT track) taken from the
/// same decoded frames. Throws `MediaError` (permanent for bad media, transient for crashes and timeouts).
public protocol Transcoder: Sendable {
    func transcode(
        _ request: TranscodeRequest, progress: @escaping @Sendable (TranscodeProgress) -> Void
    ) async throws
        -> TranscodeResult
}
