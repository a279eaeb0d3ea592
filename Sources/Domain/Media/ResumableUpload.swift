#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A tus upload: in progress, or complete (kept until it expires, so a client resuming it learns it is done). Its
/// id is the id of the video it becomes.
public struct ResumableUpload: Sendable, Equatable {
    public var id: UUID
    public var ownerId: UUID
    /// Total bytes the client declared (`Upload-Length`).
    public var length: Int64
    /// Bytes received and stored so far.
    public var offset: Int64
    /// The `Upload-Metadata` header as the client sent it (echoed back on HEAD).
    public var rawMetadata: String?
    public var expiresAt: Date
    public var createdAt: Date
    /// When the last byte was stored and the video queued; nil while the upload is in progress.
    public var completedAt: Date?

    public init(
        id: UUID, ownerId: UUID, length: Int64, offset: Int64, rawMetadata: String?, expiresAt: Date, createdAt: Date,
        completedAt: Date? = nil
    ) {
        self.id = id
        self.ownerId = ownerId
        self.length = length
        self.offset = offset
        self.rawMetadata = rawMetadata
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.completedAt = completedAt
    }

    public var isComplete: Bool { offset == length }
}
