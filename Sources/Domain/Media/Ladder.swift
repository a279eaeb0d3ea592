#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One configured step of the adaptive-bitrate ladder, named by its short side (1080 for 1920x1080 or 1080x1920).
public struct LadderRung: Sendable, Equatable, Codable {
    public var shortSide: Int
    public var videoBitRate: Int

    public init(shortSide: Int, videoBitRate: Int) {
        self.shortSide = shortSide
        self.videoBitRate = videoBitRate
    }

    /// 1080p 6 Mb/s, 720p 3 Mb/s, 480p 1.5 Mb/s, 360p 0.8 Mb/s.
    public static let defaults: [LadderRung] = [
        .init(shortSide: 1080, videoBitRate: 6_000_000), .init(shortSide: 720, videoBitRate: 3_000_000),
        .init(shortSide: 480, videoBitRate: 1_500_000), .init(shortSide: 360, videoBitRate: 800_000),
    ]

    /// Parses `1080:6000k,720:3000k` (bit rates in b/s, or with a k/M suffix).
    public static func parse(_ text: String) -> [LadderRung]? {
        var rungs: [LadderRung] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":").map { String($0.filter { $0 != " " }) }
            guard parts.count == 2, let side = Int(parts[0]), side >= 16, side <= 4320 else { return nil }
            var rate = parts[1].lowercased()
            var multiplier = 1
            if rate.hasSuffix("k") { multiplier = 1000; rate.removeLast() } else if rate.hasSuffix("m") { multiplier = 1_000_000; rate.removeLast() }
            guard let value = Double(rate), value > 0, value * Double(multiplier) >= 50_000, value * Double(multiplier) <= 100_000_000
            else { return nil }
            rungs.append(.init(shortSide: side, videoBitRate: Int(value * Double(multiplier))))
        }
        return rungs.isEmpty ? nil : rungs.sorted { $0.shortSide > $1.shortSide }
    }
}

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
