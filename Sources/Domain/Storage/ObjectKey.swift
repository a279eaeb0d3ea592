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
        guard Self.isValid(value.utf8) else { throw .invalidKey(value) }
        self.value = value
    }

    /// One pass over the bytes: not empty, not too long, and every `/`-separated segment valid. A valid key is
    /// ASCII, where bytes and characters are the same (and a key holding anything else fails the segment rule
    /// either way). Segments are checked in place, without splitting into an array (that showed up per media request).
    static func isValid(_ bytes: String.UTF8View) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        var length = 0
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                guard length > 0 else { return false }
                length = 0
                continue
            }
            guard length == 0 ? isAlphanumeric(byte) : isSegmentByte(byte) else { return false }
            length += 1
            guard length <= maximumSegmentLength else { return false }
        }
        return length > 0
    }

    init(unchecked value: String) { self.value = value }

    /// A key under this one: `videos/<id>` + `original`.
    public func appending(_ segment: String) throws(StorageError) -> ObjectKey {
        try ObjectKey(value + "/" + segment)
    }

    /// Whether `other` lies under this key taken as a folder.
    public func contains(_ other: ObjectKey) -> Bool { other.value.hasPrefix(value + "/") }

    /// Segments start with a letter or digit and then hold only ASCII letters, digits, `.`, `_` and `-`; so `.`,
    /// `..` and hidden names are impossible and every key is also a safe relative path.
    private static func isSegmentByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    /// The media type objects under this key are served with, from its extension (any case).
    public var contentType: String {
        // On the bytes: `.` and `/` are single bytes in UTF-8, and only ASCII extensions match below (compared
        // without building a lower-cased copy, which showed up per media request).
        let bytes = value.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return "application/octet-stream" }
        let ext = bytes[bytes.index(after: dot)...]
        guard ext.count <= 4, !ext.contains(UInt8(ascii: "/")) else { return "application/octet-stream" }
        for (name, type) in Self.contentTypes where Self.equalsIgnoringCase(ext, name) { return type }
        return "application/octet-stream"
    }

    private static let contentTypes: [(StaticString, String)] = [
        ("m4s", "video/iso.segment"), ("m3u8", "application/vnd.apple.mpegurl"), ("mpd", "application/dash+xml"),
        ("mp4", "video/mp4"), ("m4v", "video/mp4"), ("cmfv", "video/mp4"), ("m4a", "audio/mp4"), ("cmfa", "audio/mp4"),
        ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("png", "image/png"), ("webp", "image/webp"), ("vtt", "text/vtt"),
        ("json", "application/json"), ("txt", "text/plain; charset=utf-8"),
    ]

    /// Whether `bytes` are `lowercase` (ASCII letters and digits) in any case.
    private static func equalsIgnoringCase(_ bytes: Substring.UTF8View, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, wanted in byte == wanted || (byte >= 0x41 && byte <= 0x5A && byte | 0x20 == wanted) }
        }
    }
}
