import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Adds a numbered season to a series (owner, editors, admins).
public struct AddSeason: Sendable {
    let editor: SeriesEditor
    let series: any SeriesRepository
    let clock: any DateProvider

    public init(users: any UserRepository, series: any SeriesRepository, clock: any DateProvider) {
        self.editor = SeriesEditor(users: users, series: series, clock: clock)
        self.series = series
        self.clock = clock
    }

    public func execute(principal: Principal, seriesId: UUID, number: Int, title: String?) async throws -> Season {
        _ = try await editor.editable(principal, seriesId: seriesId)
        guard (0...1000).contains(number) else {
            throw ValidationError(field: "number", code: "invalid_season_number", message: "number must be from 0 to 1000")
        }
        let title = try title.map { raw throws(ValidationError) in try VideoMetadata.title(raw) } ?? "Season \(number)"
        try await series.addSeason(seriesId: seriesId, number: number, title: title, at: clock.now())
        return Season(number: number, title: title)
    }
}
