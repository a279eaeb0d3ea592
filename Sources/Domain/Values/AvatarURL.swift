#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Validation of avatar URLs: absolute http(s) URLs of reasonable length.
public enum AvatarURL {
    public static let maximumLength = 2048

    public static func validate(_ raw: String?) throws(ValidationError) -> String? {
        guard let raw else { return nil }
        let value = raw.trimmed()
        if value.isEmpty { return nil }
        let lower = value.lowercased()
        guard value.utf8.count <= maximumLength, lower.hasPrefix("https://") || lower.hasPrefix("http://"),
            value.count > 8, !value.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F })
        else {
            throw ValidationError(field: "avatarUrl", code: "invalid_url", message: "avatarUrl must be an absolute http(s) URL")
        }
        return value
    }
}
