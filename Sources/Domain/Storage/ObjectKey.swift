#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A validated object-storage key such as `videos/<uuid>/original`. Keys are built by the server; the rules
/// still refuse anything that could leave the storage root or confuse a file system: empty or dot segments
/// (`..`), absolute paths, backslashes, NUL and other control bytes, and over-long names.
public struct ObjectKey: Sendable, Hashable, CustomStringConvertible {
    public static let maximumLength = 512
    public static let maximumSegmentLength = 128

    public let value: String
    public var description: String { value }

    public init(_ value: String) throws(StorageError) {
        guard !value.isEmpty, value.utf8.count <= Self.maximumLength else { throw .invalidKey(value) }
        // Split on the bytes: a valid key is ASCII, where bytes and characters are the same (and a key holding
        // anything else fails the segment check either way).
        for segment in value.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard Self.isValidSegment(segment) else { throw .invalidKey(value) }
        }
        self.value = value
    }

    init(unchecked value: String) { self.value = value }

    /// A key under this one: `videos/<id>` + `original`.
    public func appending(_ segment: String) throws(StorageError) -> ObjectKey {
        try ObjectKey(value + "/" + segment)
    }

    /// Whether `other` lies under this key taken as a folder.
    public func contains(_ other: ObjectKey) -> Bool { other.value.hasPrefix(value + "/") }

    /// Segments start with a letter or digit and hold only ASCII letters, digits, `.`, `_` and `-`; so `.`,
    /// `..` and hidden names are impossible and every key is also a safe relative path.
    static func isValidSegment(_ segment: Substring.UTF8View) -> Bool {
        guard let first = segment.first, segment.count <= maximumSegmentLength else { return false }
        guard isAlphanumeric(first) else { return false }
        return segment.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    /// The media type objects under this key are served with, from its extension.
    public var contentType: String {
        // On the bytes: `.` and `/` are single bytes in UTF-8, and only ASCII extensions match below.
        let bytes = value.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), !bytes[dot...].contains(UInt8(ascii: "/")) else { return "application/octet-stream" }
        switch value[bytes.index(after: dot)...].lowercased() {
        case "m3u8": return "application/vnd.apple.mpegurl"
        case "mpd": return "application/dash+xml"
        case "mp4", "m4v", "cmfv": return "video/mp4"
        case "m4a", "cmfa": return "audio/mp4"
        case "m4s": return "video/iso.segment"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "webp": return "image/webp"
        case "vtt": return "text/vtt"
        case "json": return "application/json"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
