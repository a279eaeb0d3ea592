#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain

/// Upload ids with a write in progress in this process: two PATCH requests must never append to one file at once.
/// (Unfinished upload bytes live on this replica's disk, so the lock only needs to be local.)
public actor UploadWriteLocks {
    private var active: Set<UUID> = []

    public init() {}

    func acquire(_ id: UUID) throws(UploadError) {
        guard active.insert(id).inserted else { throw .busy }
    }

    func release(_ id: UUID) { active.remove(id) }

    /// Runs `body` holding the upload's lock; `UploadError.busy` when another request holds it.
    func withLock<T: Sendable>(_ id: UUID, _ body: () async throws -> T) async throws -> T {
        try acquire(id)
        defer { release(id) }
        return try await body()
    }
}
