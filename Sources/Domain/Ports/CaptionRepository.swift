#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable record of a video's caption tracks (the files live in object storage).
public protocol CaptionRepository: Sendable {
    /// The video's captions, by language.
    func list(videoId: UUID) async throws -> [Caption]
    /// Adds or replaces the caption of its language.
    func upsert(_ caption: Caption) async throws
    /// Removes one; false when there was none.
    func delete(videoId: UUID, language: LanguageTag) async throws -> Bool
}
