#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a viewer asks the catalog for.
public struct CatalogFilter: Sendable, Equatable {
    /// Which items: videos of a kind (`movie`, `clip`), series, or both (nil).
    public enum Kind: String, Sendable {
        case movie
        case clip
        case series
    }

    public var kind: Kind?
    public var genre: String?
    public var language: LanguageTag?
    public var year: Int?
    public var sort: CatalogSort = .newest

    public init(kind: Kind? = nil, genre: String? = nil, language: LanguageTag? = nil, year: Int? = nil, sort: CatalogSort = .newest) {
        self.kind = kind
        self.genre = genre
        self.language = language
        self.year = year
        self.sort = sort
    }
}
