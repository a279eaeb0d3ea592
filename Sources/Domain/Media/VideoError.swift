#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a video request was refused.
public enum VideoError: Error, Sendable, Equatable {
    /// No such video, or the caller may not see it.
    case notFound
    /// The caller may see the video but not change it.
    case notOwner
    /// The multipart body has no `file` part.
    case missingFile
    /// Form fields must come before the `file` part (so they are checked before bytes are stored).
    case fieldAfterFile(String)
}

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

/// How much storage an account uses, and its limit.
public struct StorageUsage: Sendable, Equatable {
    /// Originals plus transcoded output of the account's videos (including uploads in progress, at their declared size).
    public var usedBytes: Int64
    public var quotaBytes: Int64
    public var remainingBytes: Int64 { max(0, quotaBytes - usedBytes) }

    public init(usedBytes: Int64, quotaBytes: Int64) {
        self.usedBytes = usedBytes
        self.quotaBytes = quotaBytes
    }
}
