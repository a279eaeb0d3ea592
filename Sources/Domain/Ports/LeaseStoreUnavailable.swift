#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The lease store could not be reached; callers fall back to the durable session records.
public struct LeaseStoreUnavailable: Error, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}
