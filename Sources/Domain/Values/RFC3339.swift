#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 3339 timestamps sent by clients (`2026-12-24T18:00:00Z`, offsets and fractional seconds allowed).
public enum RFC3339 {
    public static func parse(_ raw: String, field: String) throws(ValidationError) -> Date {
        let text = raw.trimmed()
        if text.utf8.count <= 40 {
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        }
        throw ValidationError(
            field: field, code: "invalid_timestamp", message: "\(field) must be an RFC 3339 timestamp such as 2026-12-24T18:00:00Z")
    }
}
