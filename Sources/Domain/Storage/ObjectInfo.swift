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

/// A requested byte range, as HTTP's `Range: bytes=` forms.
public enum ByteRange: Sendable, Equatable {
    /// `first-last`, inclusive; `last` past the end is clipped.
    case bounded(first: Int64, last: Int64)
    /// `first-`: from an offset to the end.
    case from(Int64)
    /// `-count`: the last `count` bytes.
    case suffix(Int64)

    /// The inclusive offsets this range covers in an object of `size` bytes; nil when unsatisfiable.
    public func resolve(size: Int64) -> ClosedRange<Int64>? {
        switch self {
        case .bounded(let first, let last):
            guard first >= 0, last >= first, first < size else { return nil }
            return first...min(last, size - 1)
        case .from(let first):
            guard first >= 0, first < size else { return nil }
            return first...(size - 1)
        case .suffix(let count):
            guard count > 0, size > 0 else { return nil }
            return max(0, size - count)...(size - 1)
        }
    }
}

/// An object being read: its metadata, the byte offsets being sent (nil for all of it) and the bytes.
public struct ObjectRead: Sendable {
    public var info: ObjectInfo
    public var range: ClosedRange<Int64>?
    public var body: ByteStream

    public init(info: ObjectInfo, range: ClosedRange<Int64>?, body: ByteStream) {
        self.info = info
        self.range = range
        self.body = body
    }
}
