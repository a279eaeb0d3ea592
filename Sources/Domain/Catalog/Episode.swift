#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One episode: its number in the season and its video.
public struct Episode: Sendable, Equatable {
    public var number: Int
    public var video: Video

    public init(number: Int, video: Video) {
        self.number = number
        self.video = video
    }
}
