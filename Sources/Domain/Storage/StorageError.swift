#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Failures of object storage, independent of the backend.
public enum StorageError: Error, Sendable, Equatable {
    /// The key breaks the key rules (`ObjectKey`).
    case invalidKey(String)
    /// No object under this key.
    case notFound(String)
    /// The requested range lies outside the object.
    case rangeNotSatisfiable(size: Int64)
    /// More bytes than the caller allowed.
    case tooLarge(limit: Int)
    /// The backend failed (I/O error, unexpected S3 answer); the message is for logs only.
    case backend(String)
}
