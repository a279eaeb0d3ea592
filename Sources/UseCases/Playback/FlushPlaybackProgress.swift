import Domain
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes the buffered heartbeats and views in one batch (run every few seconds and at shutdown).
public struct FlushPlaybackProgress: Sendable {
    let buffer: PlaybackProgressBuffer
    let sessions: any PlaybackSessionRepository

    public init(buffer: PlaybackProgressBuffer, sessions: any PlaybackSessionRepository) {
        self.buffer = buffer
        self.sessions = sessions
    }

    /// Returns how many sessions were written.
    @discardableResult
    public func execute() async throws -> Int {
        let (progress, views) = buffer.drain()
        guard !progress.isEmpty || !views.isEmpty else { return 0 }
        do {
            try await sessions.record(progress: progress, views: views)
        } catch {
            buffer.restore(progress: progress, views: views)
            throw error
        }
        return progress.count
    }
}
