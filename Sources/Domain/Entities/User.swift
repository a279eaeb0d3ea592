#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An account holder. Authentication secrets travel with it inside the server but never leave through the API.
public struct User: Sendable, Equatable {
    public var id: UUID
    public var email: EmailAddress
    public var displayName: String
    public var role: Role
    public var status: AccountStatus
    public var passwordHash: String
    public var mfa: MFAState
    public var createdAt: Date
    public var updatedAt: Date
    /// The channel's unique handle (`a-z0-9_`, 3 to 30), if chosen.
    public var handle: String?
    /// What the channel page says about the account.
    public var channelDescription: String = ""

    public init(
        id: UUID, email: EmailAddress, displayName: String, role: Role, status: AccountStatus,
        passwordHash: String, mfa: MFAState, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.role = role
        self.status = status
        self.passwordHash = passwordHash
        self.mfa = mfa
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
