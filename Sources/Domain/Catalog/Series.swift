#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A show made of seasons of episodes (each episode is one of the owner's videos).
public struct Series: Sendable, Equatable {
    public var id: UUID
    public var ownerId: UUID
    public var title: String
    public var description: String
    public var genres: [String]
    /// The series' own rating; `effectiveMaturity` also counts its episodes'.
    public var maturity: MaturityRating
    public var language: LanguageTag?
    /// The highest rating among its episodes (kept by the store).
    public var episodeMaturity: MaturityRating = .all
    /// Views of all its episodes (kept by the store).
    public var viewCount: Int64 = 0
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, ownerId: UUID, title: String, description: String, genres: [String], maturity: MaturityRating,
        language: LanguageTag?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.ownerId = ownerId
        self.title = title
        self.description = description
        self.genres = genres
        self.maturity = maturity
        self.language = language
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The highest of its own rating and its episodes'.
    public var effectiveMaturity: MaturityRating { max(maturity, episodeMaturity) }
}
