import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Creates a series owned by the caller.
public struct CreateSeries: Sendable {
    let users: any UserRepository
    let series: any SeriesRepository
    let catalog: any CatalogRepository
    let clock: any DateProvider

    public init(users: any UserRepository, series: any SeriesRepository, catalog: any CatalogRepository, clock: any DateProvider) {
        self.users = users
        self.series = series
        self.catalog = catalog
        self.clock = clock
    }

    public func execute(principal: Principal, details: SeriesDetails) async throws -> Series {
        let user = try await users.activeUser(principal)
        guard let title = details.title else {
            throw ValidationError(field: "title", code: "invalid_title", message: "title is required")
        }
        let now = clock.now()
        var created = Series(
            id: UUID(), ownerId: user.id, title: title, description: "", genres: [], maturity: .all, language: nil, createdAt: now,
            updatedAt: now)
        try details.apply(to: &created, genres: details.genres == nil ? [] : try await catalog.genres())
        try await series.create(created)
        return created
    }
}
