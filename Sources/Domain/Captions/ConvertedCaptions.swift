#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A caption file as it is stored: WebVTT text and how many cues it holds.
public struct ConvertedCaptions: Sendable {
    public var webVTT: [UInt8]
    public var cueCount: Int

    public init(webVTT: [UInt8], cueCount: Int) {
        self.webVTT = webVTT
        self.cueCount = cueCount
    }
}
