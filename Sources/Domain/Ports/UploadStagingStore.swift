#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the bytes of unfinished resumable uploads wait (a local file per upload).
public protocol UploadStagingStore: Sendable {
    /// Starts an empty upload file.
    func create(id: UUID) async throws
    /// Bytes held for the upload; nil when there is no file.
    func size(id: UUID) async throws -> Int64?
    /// Appends `body` at `offset` (which must be the current size) and makes it durable. What arrived is kept
    /// even when the body fails midway (a cut connection): the result carries the new size and that failure.
    func append(id: UUID, at offset: Int64, body: ByteStream) async throws -> StagedAppend
    /// The file holding a finished upload, for `ObjectStorage.putFile`.
    func path(id: UUID) -> String
    /// Removes the upload's bytes (missing is fine).
    func delete(id: UUID) async throws
}
