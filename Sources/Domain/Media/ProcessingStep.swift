#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum ProcessingStep: String, Sendable, Codable, CaseIterable {
    case queued, preparing, probing, transcoding, packaging, publishing, done, failed
}
