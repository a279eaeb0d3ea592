#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What viewers browse: every method applies the audience rule of `Audience.isListed`.
public protocol CatalogRepository: Sendable {
    /// The genres a title may carry, in display order.
    func genres() async throws -> [Genre]
    /// Listed movies, clips and series matching `filter`, in its order, after `position`.
    func browse(
        _ filter: CatalogFilter, audience: Audience, after position: CatalogPosition?, limit: Int
    ) async throws
        -> [CatalogItem]
    /// The owner's videos listed for `audience`, newest release first.
    func channelVideos(ownerId: UUID, audience: Audience, after: KeysetPosition?, limit: Int) async throws -> [Video]
    /// How many of the owner's videos are listed for `audience`.
    func channelVideoCount(ownerId: UUID, audience: Audience) async throws -> Int
    /// Marks public, ready videos whose publishing time has come as published (once each) and returns them.
    func publishDue(now: Date, limit: Int) async throws -> [Video]
}
