import Domain
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Heartbeats and views waiting to be recorded: one entry per session (the latest position, watched
/// time added up) and a count per video, so a flush is one batched transaction however many heartbeats arrived.
public final class PlaybackProgressBuffer: Sendable {
    struct State {
        var progress: [UUID: PlaybackProgress] = [:]
        var views: [UUID: Int] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func record(_ progress: PlaybackProgress, viewOf videoId: UUID?) {
        state.withLock { state in
            if let earlier = state.progress[progress.sessionId] {
                state.progress[progress.sessionId] = progress.merged(after: earlier)
            } else {
                state.progress[progress.sessionId] = progress
            }
            if let videoId { state.views[videoId, default: 0] += 1 }
        }
    }

    /// Removes and returns a session's pending progress (its end writes it).
    public func take(sessionId: UUID) -> PlaybackProgress? {
        state.withLock { $0.progress.removeValue(forKey: sessionId) }
    }

    /// Everything pending, leaving the buffer empty.
    public func drain() -> (progress: [PlaybackProgress], views: [UUID: Int]) {
        state.withLock { state in
            let drained = (Array(state.progress.values), state.views)
            state = State()
            return drained
        }
    }

    /// Puts back a batch whose write failed, under anything recorded since.
    public func restore(progress: [PlaybackProgress], views: [UUID: Int]) {
        state.withLock { state in
            for item in progress {
                if let newer = state.progress[item.sessionId] {
                    state.progress[item.sessionId] = newer.merged(after: item)
                } else {
                    state.progress[item.sessionId] = item
                }
            }
            state.views.merge(views, uniquingKeysWith: +)
        }
    }

    public var pendingSessions: Int { state.withLock { $0.progress.count } }
}
