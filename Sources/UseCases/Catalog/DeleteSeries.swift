import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Deletes a series; its episodes become clips again (owner and admins).
public struct DeleteSeries: Sendable {
    let editor: SeriesEditor
    let series: any SeriesRepository
    let clock: any DateProvider

    public init(users: any UserRepository, series: any SeriesRepository, clock: any DateProvider) {
        self.editor = SeriesEditor(users: users, series: series, clock: clock)
        self.series = series
        self.clock = clock
    }

    public func execute(principal: Principal, seriesId: UUID) async throws {
        let (user, found) = try await editor.editable(principal, seriesId: seriesId)
        guard found.ownerId == user.id || user.role == .admin else { throw VideoError.notOwner }
        guard try await series.delete(id: seriesId, at: clock.now()) else { throw CatalogError.seriesNotFound }
    }
}
