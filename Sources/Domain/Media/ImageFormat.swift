#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The picture formats a custom poster may be sent in.
public enum ImageFormat: String, Sendable {
    case jpeg, png, webp

    public init?(contentType: String) {
        switch String(contentType.split(separator: ";").first ?? "").trimmed().lowercased() {
        case "image/jpeg", "image/jpg": self = .jpeg
        case "image/png": self = .png
        case "image/webp": self = .webp
        default: return nil
        }
    }

    /// Largest upload and largest side accepted.
    public static let maximumBytes = 10 << 20
    public static let maximumDimension = 8192
}
