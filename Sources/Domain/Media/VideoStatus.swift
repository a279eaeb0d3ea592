#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a video is in its life.
public enum VideoStatus: String, Sendable, CaseIterable, Codable {
    case uploading
    case queued
    case processing
    case ready
    case failed
}
