#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Validation of short human-readable names (display names, profile names).
public enum DisplayName {
    public static let maximumLength = 64

    /// Returns the trimmed name, or throws when it is empty, too long or holds control characters.
    public static func validate(_ raw: String, field: String) throws(ValidationError) -> String {
        let name = raw.trimmed()
        guard !name.isEmpty else {
            throw ValidationError(field: field, code: "invalid_name", message: "\(field) must not be empty")
        }
        guard name.count <= maximumLength else {
            throw ValidationError(field: field, code: "invalid_name", message: "\(field) must be at most \(maximumLength) characters")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError(field: field, code: "invalid_name", message: "\(field) must not contain control characters")
        }
        return name
    }
}
