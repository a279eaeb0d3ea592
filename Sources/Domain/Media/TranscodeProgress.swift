#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a running transcode is.
public struct TranscodeProgress: Sendable, Equatable, Codable {
    public var step: ProcessingStep
    /// 0...100.
    public var percent: Double
    /// Seconds left, when it can be estimated.
    public var etaSeconds: Double?
    /// The source's duration, once probed (a supervisor sizes its time limit with it).
    public var sourceDurationSeconds: Double?

    public init(step: ProcessingStep, percent: Double, etaSeconds: Double? = nil, sourceDurationSeconds: Double? = nil) {
        self.step = step
        self.percent = percent
        self.etaSeconds = etaSeconds
        self.sourceDurationSeconds = sourceDurationSeconds
    }
}
