#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Profile management failures.
public enum ProfileError: Error, Sendable, Equatable {
    /// No such profile in the caller's account (also for other accounts' profiles).
    case notFound
    case limitReached(maximum: Int)
    /// An account keeps at least one profile.
    case lastProfile
}
