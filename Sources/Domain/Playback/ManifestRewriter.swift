#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Rewrites a package's manifests for one stream: child URLs carry the media token (so a player that keeps the
/// manifest's relative URLs sends it on every request) and renditions the grant does not open are left out.
/// The manifests are the ones the transcoder wrote (flat, relative names), never client input.
public enum ManifestRewriter {
    public static func rewrite(_ text: String, kind: ManifestKind, grant: MediaGrant, token: String) -> String {
        rewrite(text, kind: kind, grant: grant, query: ChildQuery(token: token))
    }

    public static func rewrite(_ text: String, kind: ManifestKind, grant: MediaGrant, query: ChildQuery) -> String {
        switch kind {
        case .hlsMaster: hls(text, grant: grant, query: query)
        case .hlsMedia: hls(text, grant: nil, query: query)
        case .dash: dash(text, grant: grant, query: query)
        case .storyboardTrack: storyboard(text, token: query.token)
        }
    }

    static func withQuery(_ uri: String, _ query: String) -> String {
        uri + (uri.contains("?") ? "&" : "?") + query
    }

    /// `URI="..."` attributes of a tag line get the query.
    static func tagWithQuery(_ line: Substring, _ query: ChildQuery) -> String {
        guard let start = line.firstRange(of: "URI=\"") else { return String(line) }
        guard let end = line[start.upperBound...].firstIndex(of: "\"") else { return String(line) }
        let uri = String(line[start.upperBound..<end])
        return String(line[..<start.upperBound]) + withQuery(uri, query.forFile(uri)) + String(line[end...])
    }

    /// HLS playlists: every URI line and `URI="..."` attribute gets the token; with a grant (the master), variants
    /// and renditions it does not open are dropped with their tag.
    static func hls(_ text: String, grant: MediaGrant?, query: ChildQuery) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                if let grant, let uri = attribute(line, "URI"), grant.allows(file: uri) == false { continue }
                out.append(tagWithQuery(line, query))
            } else if isBlank(line) {
                out.append(String(line))
            } else if let grant, grant.allows(file: String(line)) == false {
                // The variant's URI is not granted: drop it and the #EXT-X-STREAM-INF tag describing it.
                if out.last?.hasPrefix("#EXT-X-STREAM-INF") == true { out.removeLast() }
            } else {
                out.append(withQuery(String(line), query.forFile(String(line))))
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

    static func dash(_ text: String, grant: MediaGrant, query: ChildQuery) -> String {
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
            let rawId = attribute(element[..<tagEnd], "id")
            let id = rawId.flatMap { Int($0) }
            var kept = templatesWithQuery(String(rest[..<open.lowerBound]), query.forRepresentation(nil))
            if rawId?.hasPrefix("captions-") == true {
                // A caption track: open to every grant; its one file is named by BaseURL.
                kept += baseURLWithQuery(String(element[..<end]), query.forRepresentation(nil))
                result += kept
            } else if let id, allowed.contains(id) {
                // The representation's own SegmentTemplate names its files: their query is the representation's.
                kept += templatesWithQuery(String(element[..<end]), query.forRepresentation(id))
                result += kept
            } else {
                // Drop the element and the indentation before it.
                while let last = kept.last, last == "\t" || last == " " { kept.removeLast() }
                if kept.hasSuffix("\n") { kept.removeLast() }
                result += kept
            }
            rest = element[end...]
        }
        return withAdaptationSetMaxima(result + templatesWithQuery(String(rest), query.forRepresentation(nil)))
    }

    /// Each `AdaptationSet`'s `maxWidth`/`maxHeight` set to the largest `Representation` it still lists (a plan-capped
    /// MPD must not announce the top rung it no longer has).
    static func withAdaptationSetMaxima(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "<AdaptationSet "), let tagEnd = rest[open.lowerBound...].firstIndex(of: ">"),
            let close = rest[tagEnd...].firstRange(of: "</AdaptationSet>")
        {
            var tag = String(rest[open.lowerBound...tagEnd])
            let body = rest[rest.index(after: tagEnd)..<close.lowerBound]
            var widths: [Int] = []
            var heights: [Int] = []
            var scan = body
            while let representation = scan.firstRange(of: "<Representation "),
                let end = scan[representation.lowerBound...].firstIndex(of: ">")
            {
                let element = scan[representation.lowerBound..<end]
                if let width = attribute(element, " width").flatMap({ Int($0) }) { widths.append(width) }
                if let height = attribute(element, " height").flatMap({ Int($0) }) { heights.append(height) }
                scan = scan[end...]
            }
            if let width = widths.max() { tag = replacingAttribute(tag, "maxWidth", with: String(width)) }
            if let height = heights.max() { tag = replacingAttribute(tag, "maxHeight", with: String(height)) }
            result += rest[..<open.lowerBound] + tag + body
            rest = rest[close.lowerBound...]
            result += rest[..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// `tag` with the value of its ` name="..."` attribute replaced, when it has one.
    static func replacingAttribute(_ tag: String, _ name: String, with value: String) -> String {
        guard let start = tag.firstRange(of: " \(name)=\""), let end = tag[start.upperBound...].firstIndex(of: "\"") else { return tag }
        return String(tag[..<start.upperBound]) + value + String(tag[end...])
    }

    /// `<BaseURL>` contents in `text` get the query, XML-escaped.
    static func baseURLWithQuery(_ text: String, _ query: String) -> String {
        guard let open = text.firstRange(of: "<BaseURL>"), let close = text[open.upperBound...].firstRange(of: "</BaseURL>") else {
            return text
        }
        let value = text[open.upperBound..<close.lowerBound]
        let escaped = query.replacing("&", with: "&amp;")
        return String(text[..<close.lowerBound]) + (value.contains("?") ? "&amp;" : "?") + escaped + String(text[close.lowerBound...])
    }

    /// The `initialization` and `media` template attributes in `text` get the query.
    static func templatesWithQuery(_ text: String, _ query: String) -> String {
        var text = text
        for name in ["initialization", "media"] { text = attributeWithQuery(text, name, query) }
        return text
    }

    /// Every ` name="..."` attribute value in `text` gets the query, XML-escaped (`&` is `&amp;` in an attribute).
    static func attributeWithQuery(_ text: String, _ name: String, _ query: String) -> String {
        let escaped = query.replacing("&", with: "&amp;")
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: " \(name)=\""), let close = rest[open.upperBound...].firstIndex(of: "\"") {
            let value = rest[open.upperBound..<close]
            result += rest[..<open.upperBound] + value + (value.contains("?") ? "&amp;" : "?") + escaped
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
