import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The catalog a viewer browses: listed movies, clips and series (each series once), filtered and ordered,
/// one keyset page at a time.
public struct BrowseCatalog: Sendable {
    public struct Input: Sendable {
        public var viewer: Viewer
        public var kind: String?
        public var genre: String?
        public var language: String?
        public var year: Int?
        public var sort: String?
        public var limit: Int?
        public var cursor: String?

        public init(
            viewer: Viewer, kind: String? = nil, genre: String? = nil, language: String? = nil, year: Int? = nil,
            sort: String? = nil, limit: Int? = nil, cursor: String? = nil
        ) {
            self.viewer = viewer
            self.kind = kind
            self.genre = genre
            self.language = language
            self.year = year
            self.sort = sort
            self.limit = limit
            self.cursor = cursor
        }
    }

    let catalog: any CatalogRepository
    let audiences: AudienceResolver

    public init(users: any UserRepository, profiles: any ProfileRepository, catalog: any CatalogRepository, clock: any DateProvider) {
        self.catalog = catalog
        self.audiences = AudienceResolver(users: users, profiles: profiles, clock: clock)
    }

    public func execute(_ input: Input) async throws -> Page<CatalogItem> {
        let filter = try await filter(input)
        let limit = try KeysetCursor.limit(input.limit)
        let after = try input.cursor.map { cursor throws(PaginationError) in try CatalogCursor.decode(cursor, sort: filter.sort) }
        let (audience, _) = try await audiences.resolve(input.viewer)
        let rows = try await catalog.browse(filter, audience: audience, after: after, limit: limit + 1)
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { CatalogCursor.encode($0.position(in: filter.sort), sort: filter.sort) } : nil
        return Page(items: items, nextCursor: next)
    }

    private func filter(_ input: Input) async throws -> CatalogFilter {
        var filter = CatalogFilter()
        if let kind = input.kind {
            guard let value = CatalogFilter.Kind(rawValue: kind) else {
                throw ValidationError(field: "kind", code: "invalid_kind", message: "kind must be movie, clip or series")
            }
            filter.kind = value
        }
        if let sort = input.sort {
            guard let value = CatalogSort(rawValue: sort) else {
                throw ValidationError(field: "sort", code: "invalid_sort", message: "sort must be newest, title or popular")
            }
            filter.sort = value
        }
        if let genre = input.genre {
            let slug = genre.trimmed().lowercased()
            guard try await catalog.genres().contains(where: { $0.slug == slug }) else {
                throw CatalogError.unknownGenre(String(genre.prefix(64)))
            }
            filter.genre = slug
        }
        filter.language = try input.language.map { raw throws(ValidationError) in try LanguageTag.parse(raw) }
        filter.year = try input.year.map { year throws(ValidationError) in
            guard (1888...9999).contains(year) else {
                throw ValidationError(field: "year", code: "invalid_year", message: "year must be from 1888 to 9999")
            }
            return year
        }
        return filter
    }
}
