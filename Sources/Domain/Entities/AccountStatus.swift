#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Whether an account may sign in.
public enum AccountStatus: String, Sendable, CaseIterable, Codable {
    case active
    case suspended
}
