#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What storage knows about one stored object.
public struct ObjectInfo: Sendable, Equatable {
    public var key: ObjectKey
    public var size: Int64
    /// An opaque validator that changes whenever the content does (quoted, as in HTTP).
    public var etag: String
    public var contentType: String
    public var lastModified: Date?

    public init(key: ObjectKey, size: Int64, etag: String, contentType: String, lastModified: Date?) {
        self.key = key
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.lastModified = lastModified
    }
}
