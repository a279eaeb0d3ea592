import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What every series change starts with: the active caller, and the series if they may change it (its owner, an
/// editor or an admin). Anyone else is told it does not exist unless it is listed for them.
struct SeriesEditor: Sendable {
    let users: any UserRepository
    let series: any SeriesRepository
    let clock: any DateProvider

    func editable(_ principal: Principal, seriesId: UUID) async throws -> (User, Series) {
        let user = try await users.activeUser(principal)
        guard let found = try await series.find(id: seriesId) else { throw CatalogError.seriesNotFound }
        guard found.ownerId == user.id || user.role.editsCatalog else {
            let listed = try await series.isListed(id: seriesId, audience: Audience(user, now: clock.now()))
            throw listed ? VideoError.notOwner : CatalogError.seriesNotFound
        }
        return (user, found)
    }
}
