#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who is making a request, as proven by a verified access token.
public struct Principal: Sendable, Equatable {
    public var userId: UUID
    public var role: Role
    /// The refresh-token family (login session) the access token was issued for.
    public var sessionId: UUID?

    public init(userId: UUID, role: Role, sessionId: UUID? = nil) {
        self.userId = userId
        self.role = role
        self.sessionId = sessionId
    }
}
