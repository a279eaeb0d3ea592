#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The orders of the catalog.
public enum CatalogSort: String, Sendable, CaseIterable {
    /// Newest release first.
    case newest
    /// By title, A to Z.
    case title
    /// Most viewed first.
    case popular
}
