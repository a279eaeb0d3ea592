#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The text files of a package that are rewritten per stream.
public enum ManifestKind: Sendable, Equatable {
    case hlsMaster
    case hlsMedia
    case dash
    case storyboardTrack

    public init?(file: String) {
        switch file {
        case "master.m3u8": self = .hlsMaster
        case "manifest.mpd": self = .dash
        case "storyboard.vtt": self = .storyboardTrack
        default:
            guard file.hasSuffix(".m3u8") else { return nil }
            self = .hlsMedia
        }
    }

    /// The `Content-Type` it is sent with.
    public var contentType: String {
        switch self {
        case .hlsMaster, .hlsMedia: "application/vnd.apple.mpegurl"
        case .dash: "application/dash+xml"
        case .storyboardTrack: "text/vtt; charset=utf-8"
        }
    }
}

/// Rewrites a package's manifests for one stream: child URLs carry the media token (so a player that keeps the
/// manifest's relative URLs sends it on every request) and renditions the grant does not open are left out.
/// The manifests are the ones the transcoder wrote (flat, relative names), never client input.
public enum ManifestRewriter {
    public static func rewrite(_ text: String, kind: ManifestKind, grant: MediaGrant, token: String) -> String {
        switch kind {
        case .hlsMaster: hls(text, grant: grant, token: token)
        case .hlsMedia: hls(text, grant: nil, token: token)
        case .dash: dash(text, grant: grant, token: token)
        case .storyboardTrack: storyboard(text, token: token)
        }
    }

    static func withToken(_ uri: String, _ token: String) -> String {
        uri + (uri.contains("?") ? "&" : "?") + "token=" + token
    }

    /// `URI="..."` attributes of a tag line get the token.
    static func tagWithToken(_ line: Substring, _ token: String) -> String {
        guard let start = line.firstRange(of: "URI=\"") else { return String(line) }
        guard let end = line[start.upperBound...].firstIndex(of: "\"") else { return String(line) }
        return String(line[..<start.upperBound]) + withToken(String(line[start.upperBound..<end]), token) + String(line[end...])
    }

    /// HLS playlists: every URI line and `URI="..."` attribute gets the token; with a grant (the master), variants
    /// and renditions it does not open are dropped with their tag.
    static func hls(_ text: String, grant: MediaGrant?, token: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                if let grant, let uri = attribute(line, "URI"), grant.allows(file: uri) == false { continue }
                out.append(tagWithToken(line, token))
            } else if isBlank(line) {
                out.append(String(line))
            } else if let grant, grant.allows(file: String(line)) == false {
                // The variant's URI is not granted: drop it and the #EXT-X-STREAM-INF tag describing it.
                if out.last?.hasPrefix("#EXT-X-STREAM-INF") == true { out.removeLast() }
            } else {
                out.append(withToken(String(line), token))
            }
        }
        return out.joined(separator: "\n")
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    static func attribute(_ line: Substring, _ name: String) -> String? {
        guard let start = line.firstRange(of: name + "=\"") else { return nil }
        guard let end = line[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(line[start.upperBound..<end])
    }

    static func dash(_ text: String, grant: MediaGrant, token: String) -> String {
        let allowed = Set(grant.renditions.map(\.representationId))
        var result = ""
        var rest = Substring(text)
        // Representation elements do not nest; drop those the grant does not open.
        while let open = rest.firstRange(of: "<Representation ") {
            let element = rest[open.lowerBound...]
            guard let tagEnd = element.firstIndex(of: ">") else { break }
            let selfClosing = element[element.index(before: tagEnd)] == "/"
            let end: Substring.Index
            if selfClosing {
                end = element.index(after: tagEnd)
            } else if let close = element.firstRange(of: "</Representation>") {
                end = close.upperBound
            } else {
                break
            }
            let id = attribute(element[..<tagEnd], "id").flatMap { Int($0) }
            var kept = String(rest[..<open.lowerBound])
            if let id, allowed.contains(id) {
                kept += String(element[..<end])
                result += kept
            } else {
                // Drop the element and the indentation before it.
                while let last = kept.last, last == "\t" || last == " " { kept.removeLast() }
                if kept.hasSuffix("\n") { kept.removeLast() }
                result += kept
            }
            rest = element[end...]
        }
        result += rest
        for name in ["initialization", "media"] { result = attributeWithToken(result, name, token) }
        return result
    }

    /// Every ` name="..."` attribute value in `text` gets the token.
    static func attributeWithToken(_ text: String, _ name: String, _ token: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: " \(name)=\""), let close = rest[open.upperBound...].firstIndex(of: "\"") {
            result += rest[..<open.upperBound] + withToken(String(rest[open.upperBound..<close]), token)
            rest = rest[close...]
        }
        return result + rest
    }

    static func storyboard(_ text: String, token: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.contains("-->"), let jpg = line.firstRange(of: ".jpg") {
                out.append(String(line[..<jpg.upperBound]) + "?token=" + token + String(line[jpg.upperBound...]))
            } else {
                out.append(String(line))
            }
        }
        return out.joined(separator: "\n")
    }
}
