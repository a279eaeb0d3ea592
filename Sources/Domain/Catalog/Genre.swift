#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A catalog genre: a stable slug (`sci-fi`) and the name shown to people.
public struct Genre: Sendable, Equatable {
    public var slug: String
    public var name: String

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }

    public static let maximumPerTitle = 10
}
