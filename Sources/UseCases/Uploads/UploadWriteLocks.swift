import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Upload ids with a write in progress in this process: two PATCH requests must never append to one file at once.
/// (Unfinished upload bytes live on this replica's disk, so the lock only needs to be local.)
public actor UploadWriteLocks {
    private var active: Set<UUID> = []

    public init() {}

    func release(_ id: UUID) { active.remove(id) }

    /// Runs `body` holding the upload's lock. A request that finds the upload busy waits up to `wait` for it (the
    /// holder is usually a request whose client already went away and that is saving what arrived), then fails
    /// with `UploadError.busy`.
    func withLock<T: Sendable>(_ id: UUID, wait: Duration = .seconds(10), _ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + wait
        while !active.insert(id).inserted {
            guard ContinuousClock.now < deadline else { throw UploadError.busy }
            try await Task.sleep(for: .milliseconds(20))
        }
        defer { release(id) }
        return try await body()
    }
}
