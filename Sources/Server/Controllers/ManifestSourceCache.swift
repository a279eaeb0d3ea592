import Domain
import Synchronization

/// The stored (not yet rewritten) manifests of recently played videos. Every viewer of a video reads the same few
/// playlists, which only change when the video is packaged again: holding their text for a short while saves a
/// storage read per playlist request. Bounded by total bytes; entries older than `lifetime` are read again.
final class ManifestSourceCache: Sendable {
    let maximumBytes: Int
    let lifetime: Duration
    private struct Entry {
        var text: String
        var storedAt: ContinuousClock.Instant
    }
    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }
    private let state = Mutex(State())

    init(maximumBytes: Int = 16 << 20, lifetime: Duration = .seconds(30)) {
        self.maximumBytes = maximumBytes
        self.lifetime = lifetime
    }

    func text(for key: ObjectKey, now: ContinuousClock.Instant = .now) -> String? {
        state.withLock { state in
            guard let entry = state.entries[key.value], now - entry.storedAt < lifetime else { return nil }
            return entry.text
        }
    }

    /// Forgets every entry (the next request of each manifest reads storage).
    func removeAll() {
        state.withLock { $0 = State() }
    }

    func store(_ text: String, for key: ObjectKey, now: ContinuousClock.Instant = .now) {
        let size = text.utf8.count
        guard size <= maximumBytes / 4 else { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key.value) { state.bytes -= old.text.utf8.count }
            if state.bytes + size > maximumBytes {
                // Expired entries first, then whatever it takes (a miss only costs a read).
                for (name, entry) in state.entries where now - entry.storedAt >= lifetime {
                    state.entries[name] = nil
                    state.bytes -= entry.text.utf8.count
                }
                while state.bytes + size > maximumBytes, let (name, entry) = state.entries.first {
                    state.entries[name] = nil
                    state.bytes -= entry.text.utf8.count
                }
            }
            state.entries[key.value] = Entry(text: text, storedAt: now)
            state.bytes += size
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
