#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Slow, salted password hashing (bcrypt), run off the request threads.
public protocol PasswordHasher: Sendable {
    /// Hashes a password for storage.
    func hash(_ password: String) async throws -> String
    /// Whether the password matches the stored hash.
    func verify(_ password: String, against hash: String) async throws -> Bool
    /// Whether a stored hash was made an older way and should be replaced at the next sign-in.
    func needsRehash(_ hash: String) -> Bool
    /// Spends as long as \`verify\` does against a real hash, so unknown accounts answer in the same time.
    func verifyAgainstDummy(_ password: String) async throws
}
