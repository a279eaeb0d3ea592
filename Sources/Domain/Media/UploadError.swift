#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why an upload was refused.
public enum UploadError: Error, Sendable, Equatable {
    /// The upload is larger than `MAX_UPLOAD_BYTES`.
    case tooLarge(limit: Int64)
    /// Storing it would take the owner past their storage quota.
    case quotaExceeded(usedBytes: Int64, quotaBytes: Int64)
    /// No such resumable upload for this caller.
    case notFound
    /// A resumable upload's bytes must be sent at its current offset.
    case offsetMismatch(current: Int64)
    /// More bytes than the upload's declared length.
    case beyondLength(length: Int64)
    /// Another request is writing to this upload right now.
    case busy
    /// The upload expired; its bytes are gone.
    case expired
    /// A tus header is missing or malformed.
    case invalidHeader(name: String, message: String)
}
