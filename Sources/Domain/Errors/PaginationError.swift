#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Bad list parameters.
public enum PaginationError: Error, Sendable, Equatable {
    case invalidCursor
    case invalidLimit(maximum: Int)
}
