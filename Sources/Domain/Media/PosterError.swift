#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Refusals of custom posters.
public enum PosterError: Error, Sendable, Equatable {
    /// Not a decodable picture of its declared format.
    case notAnImage(String)
    case tooLarge(width: Int, height: Int)
}
