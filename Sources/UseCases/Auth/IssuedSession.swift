import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Tokens handed to a client after register, login or refresh.
public struct IssuedSession: Sendable {
    public var accessToken: String
    public var refreshToken: String
    /// Access-token lifetime in seconds.
    public var expiresIn: Int
    public var user: User
}
