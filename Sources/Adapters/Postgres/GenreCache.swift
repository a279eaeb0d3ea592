import Domain
import Synchronization

/// The genre list held for a while: it changes with migrations, and every filtered catalog page and catalog edit
/// checks slugs against it (a database round trip saved per request).
final class GenreCache: Sendable {
    private let held = Mutex<(genres: [Genre], readAt: ContinuousClock.Instant)?>(nil)
    let lifetime: Duration

    init(lifetime: Duration = .seconds(60)) { self.lifetime = lifetime }

    /// The held list, or what `read` returns (then held).
    func genres(_ read: () async throws -> [Genre]) async throws -> [Genre] {
        if let current = held.withLock({ $0 }), ContinuousClock.now - current.readAt < lifetime { return current.genres }
        let genres = try await read()
        held.withLock { $0 = (genres, ContinuousClock.now) }
        return genres
    }
}
