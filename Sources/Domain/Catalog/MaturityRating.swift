#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How mature an audience a title is for, on an ordered scale: `all` < `7+` < `13+` < `16+` < `18+`.
public enum MaturityRating: String, Sendable, CaseIterable, Comparable, Codable {
    case all
    case age7 = "7+"
    case age13 = "13+"
    case age16 = "16+"
    case age18 = "18+"

    /// The position on the scale (0 for `all` ... 4 for `18+`), as stored.
    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public init?(rank: Int) {
        guard Self.allCases.indices.contains(rank) else { return nil }
        self = Self.allCases[rank]
    }

    /// The highest a kids profile may watch.
    public static let kidsLimit = MaturityRating.age7

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// A rating sent by a client; `field` names it in the error.
    public static func parse(_ raw: String, field: String = "maturityRating") throws(ValidationError) -> MaturityRating {
        guard let rating = MaturityRating(rawValue: raw.trimmed()) else {
            throw ValidationError(
                field: field, code: "invalid_maturity_rating", message: "\(field) must be one of all, 7+, 13+, 16+, 18+")
        }
        return rating
    }
}
