#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A season of a series and the episodes in it a viewer may see, in order.
public struct Season: Sendable, Equatable {
    public var number: Int
    public var title: String
    public var episodes: [Episode]

    public init(number: Int, title: String, episodes: [Episode] = []) {
        self.number = number
        self.title = title
        self.episodes = episodes
    }
}
