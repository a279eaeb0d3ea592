import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The genres titles may carry, in display order.
public struct ListGenres: Sendable {
    let catalog: any CatalogRepository

    public init(catalog: any CatalogRepository) { self.catalog = catalog }

    public func execute() async throws -> [Genre] { try await catalog.genres() }
}
