#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The caption files zviewer accepts; both are stored as WebVTT.
public enum CaptionFormat: String, Sendable {
    case webVTT = "text/vtt"
    case subRip = "application/x-subrip"

    /// The format of a `Content-Type` (parameters ignored; `text/srt` is a common alias of SubRip).
    public init?(contentType: String) {
        let media = String(contentType.split(separator: ";").first ?? "").trimmed().lowercased()
        switch media {
        case "text/vtt": self = .webVTT
        case "application/x-subrip", "text/srt", "application/srt": self = .subRip
        default: return nil
        }
    }
}
