#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A viewer profile inside an account (a household member); watch history hangs off profiles.
public struct Profile: Sendable, Equatable {
    public var id: UUID
    public var userId: UUID
    public var name: String
    public var avatarURL: String?
    public var isKids: Bool
    /// The most mature rating this profile may watch (kids profiles at most `7+`).
    public var maxMaturity: MaturityRating
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, userId: UUID, name: String, avatarURL: String?, isKids: Bool, maxMaturity: MaturityRating? = nil,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.userId = userId
        self.name = name
        self.avatarURL = avatarURL
        self.isKids = isKids
        self.maxMaturity = maxMaturity ?? (isKids ? MaturityRating.kidsLimit : .age18)
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Sets whether this is a kids profile and its limit: becoming a kids profile lowers the limit to `7+`
    /// unless one at or below it is asked for; a kids profile refuses a limit above `7+`.
    public mutating func setMaturity(isKids: Bool?, maxMaturity: MaturityRating?) throws(ValidationError) {
        let kids = isKids ?? self.isKids
        let limit = maxMaturity ?? (kids ? min(self.maxMaturity, MaturityRating.kidsLimit) : self.maxMaturity)
        guard !kids || limit <= MaturityRating.kidsLimit else {
            throw ValidationError(
                field: "maxMaturity", code: "invalid_max_maturity", message: "a kids profile may watch at most 7+")
        }
        self.isKids = kids
        self.maxMaturity = limit
    }

    /// How many profiles one account may hold.
    public static let maximumPerAccount = 5
}
