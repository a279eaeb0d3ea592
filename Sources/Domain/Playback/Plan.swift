#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A subscription plan's limits: how many streams an account may hold at once and the highest rendition it may watch.
public struct Plan: Sendable, Equatable {
    public var id: String
    public var name: String
    public var maxStreams: Int
    /// Highest rendition by its short side (720 = 720p); nil = the top rung of every video.
    public var maxHeight: Int?
    public var priceCents: Int
    public var currency: String

    public init(id: String, name: String, maxStreams: Int, maxHeight: Int?, priceCents: Int = 0, currency: String = "EUR") {
        self.id = id
        self.name = name
        self.maxStreams = maxStreams
        self.maxHeight = maxHeight
        self.priceCents = priceCents
        self.currency = currency
    }

    /// The renditions of a package this plan may watch: those whose short side is within the plan's limit, or the
    /// smallest one when none is (a plan never leaves a video unwatchable).
    public func allowedRenditions(of renditions: [Rendition]) -> [Rendition] {
        guard let maxHeight else { return renditions }
        let allowed = renditions.filter { min($0.width, $0.height) <= maxHeight }
        if !allowed.isEmpty { return allowed }
        return renditions.min { min($0.width, $0.height) < min($1.width, $1.height) }.map { [$0] } ?? []
    }
}
