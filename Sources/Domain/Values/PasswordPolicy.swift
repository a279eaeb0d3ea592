#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Rules a new password must satisfy.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128

    /// Throws when the password is too short or too long (counted in characters).
    public static func validate(_ password: String, field: String = "password") throws(ValidationError) {
        let count = password.count
        guard count >= minimumLength else {
            throw ValidationError(
                field: field, code: "weak_password", message: "password must be at least \(minimumLength) characters")
        }
        guard count <= maximumLength else {
            throw ValidationError(
                field: field, code: "password_too_long", message: "password must be at most \(maximumLength) characters")
        }
    }
}
