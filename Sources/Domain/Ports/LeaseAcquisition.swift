#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum LeaseAcquisition: Sendable, Equatable {
    /// Taken; `replaced` is the same device's earlier session, whose lease this one took over.
    case acquired(replaced: UUID?)
    /// The account is at its limit: the live leases (session, last heartbeat).
    case limitReached(active: [UUID: Date])
    /// The store lost its state (a restart): restore the open sessions, then try again.
    case needsRestore
}
