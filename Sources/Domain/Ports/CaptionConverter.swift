#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads caption files (a media library does the parsing) and writes them as WebVTT.
public protocol CaptionConverter: Sendable {
    /// Every cue parsed and checked: times in order and ending by `maximumEndSeconds`. Throws
    /// `CaptionError.invalid` for anything else.
    func webVTT(from bytes: [UInt8], format: CaptionFormat, maximumEndSeconds: Double) async throws -> ConvertedCaptions
}
