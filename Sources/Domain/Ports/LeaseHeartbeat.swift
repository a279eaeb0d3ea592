#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum LeaseHeartbeat: Sendable, Equatable {
    /// Extended. `watchedSeconds` since the previous heartbeat; `countView` when this heartbeat makes the session
    /// a view (first time past the threshold, and no view of this video by the account in the window).
    case alive(videoId: UUID, watchedSeconds: Double, countView: Bool)
    /// The lease is there but ran out.
    case expired
    /// The store has no lease for this session (stopped, kicked, swept, or the store lost its state).
    case missing
}
