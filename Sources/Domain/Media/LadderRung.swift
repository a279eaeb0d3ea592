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
            if rate.hasSuffix("k") {
                multiplier = 1000
                rate.removeLast()
            } else if rate.hasSuffix("m") {
                multiplier = 1_000_000
                rate.removeLast()
            }
            guard let value = Double(rate), value > 0, value * Double(multiplier) >= 50_000, value * Double(multiplier) <= 100_000_000
            else { return nil }
            rungs.append(.init(shortSide: side, videoBitRate: Int(value * Double(multiplier))))
        }
        return rungs.isEmpty ? nil : rungs.sorted { $0.shortSide > $1.shortSide }
    }
}
