#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The lease store could not be reached; callers fall back to PostgreSQL.
public struct LeaseStoreUnavailable: Error, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}
