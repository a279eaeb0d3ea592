#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The kinds of files in a published package, by name.
public enum MediaFile: Sendable, Equatable {
    /// Manifests, poster, storyboard sprites and track: open to any grant of the video.
    case shared
    /// `init-N.mp4`, `seg-N-NNNNN.m4s`: a DASH representation's (and HLS rendition's) bytes.
    case representation(Int)
    /// `hls-<name>.m3u8`: a rendition's media playlist.
    case hlsPlaylist(String)

    public init?(name: String) {
        let bytes = name.utf8
        guard (1...96).contains(bytes.count), bytes.allSatisfy({ Self.allowed($0) }), bytes.first != UInt8(ascii: ".") else { return nil }
        // ASCII from here: the name is read on its bytes (characters would cost a grapheme walk per step, on
        // every media request).
        if name == "master.m3u8" || name == "manifest.mpd" || name == "poster.jpg" || name == "storyboard.vtt" {
            self = .shared
        } else if let number = Self.between(name, "storyboard-", ".jpg"), Int(number) != nil {
            self = .shared
        } else if let version = Self.between(name, "master-c", ".m3u8") ?? Self.between(name, "manifest-c", ".mpd"), Int(version) != nil {
            // A master or MPD listing the captions of one version.
            self = .shared
        } else if let version = Self.between(name, "poster-v", ".jpg"), Int(version) != nil {
            // An uploaded poster.
            self = .shared
        } else if Self.between(name, "captions-", ".vtt") != nil || Self.between(name, "captions-", ".m3u8") != nil {
            self = .shared
        } else if let id = Self.between(name, "init-", ".mp4").flatMap({ Int($0) }), id >= 0 {
            self = .representation(id)
        } else if let middle = Self.between(name, "seg-", ".m4s") {
            // `<representation>-<number>`: exactly one dash.
            let utf8 = middle.utf8
            guard let dash = utf8.firstIndex(of: UInt8(ascii: "-")), !utf8[utf8.index(after: dash)...].contains(UInt8(ascii: "-")),
                let id = Int(middle[..<dash]), id >= 0, Int(middle[utf8.index(after: dash)...]) != nil
            else { return nil }
            self = .representation(id)
        } else if let rung = Self.between(name, "hls-", ".m3u8"), !rung.isEmpty {
            self = .hlsPlaylist(String(rung))
        } else {
            return nil
        }
    }

    private static func allowed(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x2D
            || byte == 0x2E || byte == 0x5F
    }

    /// What lies between `prefix` and `suffix` when `name` (ASCII) has both and something between them.
    private static func between(_ name: String, _ prefix: StaticString, _ suffix: StaticString) -> Substring? {
        let bytes = name.utf8
        let head = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        guard bytes.count > head.count + tail.count, bytes.starts(with: head), bytes.suffix(tail.count).elementsEqual(tail) else {
            return nil
        }
        return name[bytes.index(bytes.startIndex, offsetBy: head.count)..<bytes.index(bytes.endIndex, offsetBy: -tail.count)]
    }
}
