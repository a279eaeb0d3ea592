import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The caller's own account.
public struct GetCurrentUser: Sendable {
    public struct Input: Sendable {
        public var principal: Principal

        public init(principal: Principal) {
            self.principal = principal
        }
    }

    let users: any UserRepository

    public init(users: any UserRepository) {
        self.users = users
    }

    public func execute(_ input: Input) async throws -> User {
        try await users.activeUser(input.principal)
    }
}
