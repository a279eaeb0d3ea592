#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum SessionStart: Sendable, Equatable {
    /// Recorded; `replaced` lists the same device's sessions this one ended.
    case started(replaced: [UUID])
    case limitReached(active: [PlaybackSession])
}
