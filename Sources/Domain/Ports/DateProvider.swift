#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The current time, injectable so tests control it.
public protocol DateProvider: Sendable {
    /// Now.
    func now() -> Date
}
