#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A client's "send it only if it changed" condition: the entity tags of the copies it already holds (`*` for any).
public struct EntityTagCondition: Sendable, Equatable {
    /// The tags as the client listed them (quoted, weak ones with their `W/` prefix).
    public var tags: [String]

    public init(tags: [String]) {
        self.tags = tags
    }

    /// Whether the client's copy is current for `etag`: weak comparison, so `W/"x"` and `"x"` are the same copy.
    public func isCurrent(_ etag: String) -> Bool {
        let bare = Self.withoutWeakPrefix(etag)
        return tags.contains { $0 == "*" || Self.withoutWeakPrefix($0) == bare }
    }

    static func withoutWeakPrefix(_ tag: String) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag[...]
    }
}
