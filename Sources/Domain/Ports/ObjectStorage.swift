#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where media bytes live: originals and transcoded output, on local disk or an S3-compatible service.
/// An object becomes visible under its key only once all of its bytes are stored.
public protocol ObjectStorage: Sendable {
    /// Streams `body` into the object at `key` (replacing it); returns the stored object's metadata.
    func put(key: ObjectKey, body: ByteStream) async throws -> ObjectInfo
    /// Stores a local file under `key`; the adapter may move the file instead of copying it.
    func putFile(key: ObjectKey, path: String) async throws -> ObjectInfo
    /// Writes the object to a new local file at `path` (the adapter may hard-link instead of copying); the object
    /// is left in place. Throws `StorageError.notFound` when there is none.
    func copyToFile(key: ObjectKey, path: String) async throws
    /// Streams an object, or the given range of it; throws `StorageError.notFound` / `.rangeNotSatisfiable`.
    func get(key: ObjectKey, range: ByteRange?) async throws -> ObjectRead
    /// Size, ETag and content type, or nil when there is no such object.
    func head(key: ObjectKey) async throws -> ObjectInfo?
    /// Removes one object; removing a missing object is not an error.
    func delete(key: ObjectKey) async throws
    /// Removes every object under `prefix` taken as a folder; returns how many were removed.
    @discardableResult
    func deletePrefix(_ prefix: ObjectKey) async throws -> Int
    /// Every object under `prefix` taken as a folder, ordered by key.
    func list(prefix: ObjectKey) async throws -> [ObjectInfo]
    /// A URL that lets anyone GET the object until it expires; nil when the backend cannot sign URLs.
    func presignedGetURL(key: ObjectKey, expiresIn seconds: Int) async throws -> String?
    /// A path on this machine's file system from which the object's bytes can be read directly, or nil when the
    /// backend keeps its objects elsewhere. The path names the object whether or not it exists.
    func localPath(of key: ObjectKey) -> String?
    /// Throws when the backend cannot be reached (readiness checks).
    func checkReachable() async throws
}
