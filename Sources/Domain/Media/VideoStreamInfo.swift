#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct VideoStreamInfo: Sendable, Equatable, Codable {
    public var index: Int
    public var codec: String
    public var profile: String?
    /// Coded size (before rotation and sample aspect).
    public var width: Int
    public var height: Int
    /// Clockwise rotation a player applies for display: 0, 90, 180 or 270.
    public var rotation: Int
    public var sampleAspectNumerator: Int
    public var sampleAspectDenominator: Int
    /// Average frame rate (frames per second).
    public var frameRate: Double
    /// True when frame durations vary (the average and the base rate disagree).
    public var variableFrameRate: Bool
    public var pixelFormat: String
    public var bitDepth: Int
    public var bitRate: Int64

    public init(
        index: Int, codec: String, profile: String?, width: Int, height: Int, rotation: Int, sampleAspectNumerator: Int,
        sampleAspectDenominator: Int, frameRate: Double, variableFrameRate: Bool, pixelFormat: String, bitDepth: Int,
        bitRate: Int64
    ) {
        self.index = index
        self.codec = codec
        self.profile = profile
        self.width = width
        self.height = height
        self.rotation = rotation
        self.sampleAspectNumerator = sampleAspectNumerator
        self.sampleAspectDenominator = sampleAspectDenominator
        self.frameRate = frameRate
        self.variableFrameRate = variableFrameRate
        self.pixelFormat = pixelFormat
        self.bitDepth = bitDepth
        self.bitRate = bitRate
    }

    /// Width and height as shown: sample aspect applied to the width, then rotation.
    public var displaySize: (width: Double, height: Double) {
        let sar =
            sampleAspectNumerator > 0 && sampleAspectDenominator > 0
            ? Double(sampleAspectNumerator) / Double(sampleAspectDenominator) : 1
        let w = Double(width) * sar
        let h = Double(height)
        return rotation == 90 || rotation == 270 ? (h, w) : (w, h)
    }
}
