#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An uploaded video and the state of its processing.
public struct Video: Sendable, Equatable {
    public var id: UUID
    public var ownerId: UUID
    public var title: String
    public var description: String
    public var tags: [String]
    public var visibility: VideoVisibility
    public var status: VideoStatus
    /// Why processing failed (`unsupported_media`, ...), when `status` is `failed`.
    public var failureReason: String?
    /// The name the uploader's file had: shown to them, never used as a path.
    public var originalFilename: String?
    /// Size of the original in bytes (the declared length while a resumable upload is in progress).
    public var sizeBytes: Int64
    /// Bytes of transcoded output (renditions, thumbnails) counted in the owner's quota.
    public var outputBytes: Int64
    public var createdAt: Date
    public var updatedAt: Date
    /// The published package, once `ready`.
    public var media: PublishedMedia?
    /// Views counted by playback (once per account per hour, after 10 s watched).
    public var viewCount: Int64 = 0
    /// Kind, genres, maturity, availability, regions, scheduling and series placement.
    public var catalog = VideoCatalog()

    public init(
        id: UUID, ownerId: UUID, title: String, description: String, tags: [String], visibility: VideoVisibility,
        status: VideoStatus, failureReason: String? = nil, originalFilename: String?, sizeBytes: Int64,
        outputBytes: Int64 = 0, createdAt: Date, updatedAt: Date, media: PublishedMedia? = nil
    ) {
        self.id = id
        self.ownerId = ownerId
        self.title = title
        self.description = description
        self.tags = tags
        self.visibility = visibility
        self.status = status
        self.failureReason = failureReason
        self.originalFilename = originalFilename
        self.sizeBytes = sizeBytes
        self.outputBytes = outputBytes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.media = media
    }

    /// Storage key of the original upload.
    public var originalKey: ObjectKey { Self.originalKey(id) }

    /// Storage key of a video's original upload.
    public static func originalKey(_ id: UUID) -> ObjectKey { prefix(id).appendingSafe("original") }

    /// The folder of a video's published package (manifests, segments, thumbnails).
    public static func mediaPrefix(_ id: UUID) -> ObjectKey { prefix(id).appendingSafe("media") }

    /// The key of a file of the published package (`path` relative, as the transcoder wrote it).
    public static func mediaKey(_ id: UUID, path: String) throws -> ObjectKey {
        try ObjectKey(mediaPrefix(id).value + "/" + path)
    }

    /// The folder holding every object of a video.
    public static func prefix(_ id: UUID) -> ObjectKey { ObjectKey(trusted: "videos/\(id.lowercasedString)") }
}
