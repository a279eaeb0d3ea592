#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A user's role: plain users, editors (may change any video's catalog fields) and administrators.
public enum Role: String, Sendable, CaseIterable, Codable {
    case user
    case editor
    case admin

    /// Whether this role may edit the catalog fields of videos it does not own.
    public var editsCatalog: Bool { self == .editor || self == .admin }
}
