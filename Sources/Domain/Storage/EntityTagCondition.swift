#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A client's "send it only if it changed" condition: the entity tags it already holds (`*` for any).
public struct EntityTagCondition: Sendable, Equatable {
    /// The tags as listed, without a weak prefix.
    public var tags: [String]

    /// Reads an `If-None-Match` list (`*`, or strong and weak tags separated by commas); nil when absent.
    public init?(ifNoneMatch header: String?) {
        guard let header else { return nil }
        tags = header.split(separator: ",").map { item in
            let tag = item.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            let text = String(tag)
            return text.hasPrefix("W/") ? String(text.dropFirst(2)) : text
        }
    }

    /// Whether the client's copy is current for `etag` (weak comparison, as `If-None-Match` asks).
    public func isCurrent(_ etag: String) -> Bool {
        let bare = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
        return tags.contains { $0 == "*" || $0 == bare }
    }
}
