import Crypto
import Domain
import Synchronization

/// The stored (not yet rewritten) manifests of recently played videos. Every viewer of a video reads the same few
/// playlists, which only change when the video is packaged again: holding their text for a short while saves a
/// storage read per playlist request. Bounded by total bytes; entries older than `lifetime` are read again.
///
/// With each text it keeps the text's `ManifestTemplate`s, one per shape of grant (a plan's renditions, secure-link
/// mode): a playlist request then fills a stream's token into a template instead of rewriting the text.
final class ManifestSourceCache: Sendable {
    let maximumBytes: Int
    let lifetime: Duration
    /// Templates kept per text (shapes beyond it are rendered from the text each time).
    static let templatesPerText = 16
    private struct Entry {
        var text: String
        /// The text's SHA-256, taken once when it is stored: rendered manifests' `ETag`s start from it.
        var digest: SHA256Digest
        var storedAt: ContinuousClock.Instant
        var templates: [String: ManifestTemplate] = [:]
        /// The text's bytes and its templates'.
        var bytes: Int
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

    /// The stored text held for `key` (requests go through `rendered`; this shows what is held, and for how long).
    func text(for key: ObjectKey, now: ContinuousClock.Instant = .now) -> String? {
        state.withLock { state in
            guard let entry = state.entries[key.value], now - entry.storedAt < lifetime else { return nil }
            return entry.text
        }
    }

    /// The manifest at `key` rewritten for `grant` and `query`, as `ManifestRewriter` writes it; nil when its text is
    /// not held. The first request of a grant's shape makes the template; later ones only fill it in.
    func rendered(
        for key: ObjectKey, kind: ManifestKind, grant: MediaGrant, query: ChildQuery, now: ContinuousClock.Instant = .now
    ) -> RenderedManifest? {
        let shape = ManifestTemplate.shape(of: grant, secureLink: query.secureLink != nil)
        let held: (entry: Entry, template: ManifestTemplate?)? = state.withLock { state in
            guard let entry = state.entries[key.value], now - entry.storedAt < lifetime else { return nil }
            return (entry, entry.templates[shape])
        }
        guard let (entry, template) = held else { return nil }
        if let template, template.kind == kind {
            return RenderedManifest(template: template, digest: entry.digest, shape: shape, query: query)
        }
        let rendered = RenderedManifest(
            text: entry.text, digest: entry.digest, kind: kind, grant: grant, query: query, shape: shape, template: nil)
        guard case .template(let made, _) = rendered.source else { return rendered }
        state.withLock { state in
            // Kept only with the text it was made from, within the bounds.
            guard var current = state.entries[key.value], current.storedAt == entry.storedAt,
                current.templates.count < Self.templatesPerText, state.bytes + made.literalBytes <= maximumBytes
            else { return }
            current.templates[shape] = made
            current.bytes += made.literalBytes
            state.bytes += made.literalBytes
            state.entries[key.value] = current
        }
        return rendered
    }

    /// Forgets every entry (the next request of each manifest reads storage).
    func removeAll() {
        state.withLock { $0 = State() }
    }

    func store(_ text: String, for key: ObjectKey, now: ContinuousClock.Instant = .now) {
        let size = text.utf8.count
        guard size <= maximumBytes / 4 else { return }
        let digest = RenderedManifest.digest(of: text)
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key.value) { state.bytes -= old.bytes }
            if state.bytes + size > maximumBytes {
                // Expired entries first, then whatever it takes (a miss only costs a read).
                for (name, entry) in state.entries where now - entry.storedAt >= lifetime {
                    state.entries[name] = nil
                    state.bytes -= entry.bytes
                }
                while state.bytes + size > maximumBytes, let (name, entry) = state.entries.first {
                    state.entries[name] = nil
                    state.bytes -= entry.bytes
                }
            }
            state.entries[key.value] = Entry(text: text, digest: digest, storedAt: now, bytes: size)
            state.bytes += size
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Bytes held: texts and templates.
    var bytes: Int { state.withLock { $0.bytes } }

    /// Templates held for `key`.
    func templateCount(for key: ObjectKey) -> Int {
        state.withLock { $0.entries[key.value]?.templates.count ?? 0 }
    }
}
