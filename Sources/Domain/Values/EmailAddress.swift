#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A syntactically plausible, normalised e-mail address (trimmed, lower-cased), so that uniqueness is
/// case-insensitive.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(ValidationError) {
        let trimmed = raw.trimmed().lowercased()
        guard trimmed.utf8.count <= 254 else {
            throw ValidationError(field: "email", code: "invalid_email", message: "email must be at most 254 bytes")
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.utf8.count <= 64,
            domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
            !trimmed.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "\u{0}" || $0.asciiValue.map { $0 < 0x20 } == true })
        else {
            throw ValidationError(field: "email", code: "invalid_email", message: "email is not a valid address")
        }
        self.value = trimmed
    }

    /// Wraps a value already normalised (read back from storage).
    public init(trusted value: String) {
        self.value = value
    }

    public var description: String { value }
}
