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
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, userId: UUID, name: String, avatarURL: String?, isKids: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.userId = userId
        self.name = name
        self.avatarURL = avatarURL
        self.isKids = isKids
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// How many profiles one account may hold.
    public static let maximumPerAccount = 5
}
