#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Refusals of caption uploads.
public enum CaptionError: Error, Sendable, Equatable {
    /// Not a well-formed caption file of its format, cues out of order, or past the video's end.
    case invalid(String)
    case notFound
}
