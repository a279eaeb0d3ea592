#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a catalog page ended: the sort key of its last item and that item's id (keyset pagination).
public struct CatalogPosition: Sendable, Equatable {
    public enum Key: Sendable, Equatable {
        case time(Date)
        case text(String)
        case count(Int64)
    }

    public var key: Key
    public var id: UUID

    public init(key: Key, id: UUID) {
        self.key = key
        self.id = id
    }
}
