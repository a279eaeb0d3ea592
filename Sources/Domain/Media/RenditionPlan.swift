#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A rendition to produce: its output size (even, aspect kept, after rotation) and bit rate.
public struct RenditionPlan: Sendable, Equatable, Codable {
    /// `1080p`, `720p`, ... (the short side).
    public var name: String
    public var width: Int
    public var height: Int
    public var videoBitRate: Int

    public init(name: String, width: Int, height: Int, videoBitRate: Int) {
        self.name = name
        self.width = width
        self.height = height
        self.videoBitRate = videoBitRate
    }

    /// The renditions for a source shown at `displayWidth` x `displayHeight`: every configured rung whose short side
    /// the source reaches (never upscaling), or, when the source is smaller than every rung, one rendition at the
    /// source's own size with a bit rate scaled to its area.
    public static func ladder(displayWidth: Double, displayHeight: Double, rungs: [LadderRung]) -> [RenditionPlan] {
        guard displayWidth >= 2, displayHeight >= 2, !rungs.isEmpty else { return [] }
        let landscape = displayWidth >= displayHeight
        let sourceShort = landscape ? displayHeight : displayWidth
        let aspect = displayWidth / displayHeight
        func size(short: Int) -> (Int, Int) {
            let long = Double(short) * (landscape ? aspect : 1 / aspect)
            let evenShort = max(2, short / 2 * 2)
            let evenLong = max(2, Int((long / 2).rounded()) * 2)
            return landscape ? (evenLong, evenShort) : (evenShort, evenLong)
        }
        var plans: [RenditionPlan] = []
        for rung in rungs.sorted(by: { $0.shortSide > $1.shortSide }) where Double(rung.shortSide) <= sourceShort.rounded() {
            let (w, h) = size(short: rung.shortSide)
            plans.append(.init(name: "\(rung.shortSide)p", width: w, height: h, videoBitRate: rung.videoBitRate))
        }
        if plans.isEmpty, let smallest = rungs.min(by: { $0.shortSide < $1.shortSide }) {
            let short = Int(sourceShort.rounded(.down))
            let (w, h) = size(short: short)
            let referenceArea = Double(smallest.shortSide * smallest.shortSide) * 16 / 9
            let rate = Int(Double(smallest.videoBitRate) * Double(w * h) / referenceArea)
            plans.append(.init(name: "\(short / 2 * 2)p", width: w, height: h, videoBitRate: max(100_000, rate)))
        }
        return plans
    }
}
