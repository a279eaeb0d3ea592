#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Random opaque tokens and their storage hashes.
public protocol SecureTokenGenerator: Sendable {
    /// A new random URL-safe token with at least 256 bits of entropy.
    func makeToken() -> String
    /// The hash under which a token is stored (hex SHA-256).
    func hash(_ token: String) -> String
}
