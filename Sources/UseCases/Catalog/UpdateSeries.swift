import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Changes a series' details (owner, editors, admins).
public struct UpdateSeries: Sendable {
    let editor: SeriesEditor
    let series: any SeriesRepository
    let catalog: any CatalogRepository
    let clock: any DateProvider

    public init(users: any UserRepository, series: any SeriesRepository, catalog: any CatalogRepository, clock: any DateProvider) {
        self.editor = SeriesEditor(users: users, series: series, clock: clock)
        self.series = series
        self.catalog = catalog
        self.clock = clock
    }

    public func execute(principal: Principal, seriesId: UUID, details: SeriesDetails) async throws -> Series {
        _ = try await editor.editable(principal, seriesId: seriesId)
        let known = details.genres == nil ? [] : try await catalog.genres()
        let now = clock.now()
        guard
            let updated = try await series.update(
                id: seriesId,
                { item in
                    try details.apply(to: &item, genres: known)
                    item.updatedAt = now
                })
        else { throw CatalogError.seriesNotFound }
        return updated
    }
}
