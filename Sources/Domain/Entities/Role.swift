#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A user's roles: plain users and administrators.
public enum Role: String, Sendable, CaseIterable, Codable {
    case user
    case admin
}
