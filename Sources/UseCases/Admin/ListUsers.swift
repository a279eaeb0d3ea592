import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Admin-only list of accounts in creation order, keyset-paginated.
public struct ListUsers: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var limit: Int?
        public var cursor: String?

        public init(principal: Principal, limit: Int?, cursor: String?) {
            self.principal = principal
            self.limit = limit
            self.cursor = cursor
        }
    }

    let users: any UserRepository

    public init(users: any UserRepository) {
        self.users = users
    }

    public func execute(_ input: Input) async throws -> Page<User> {
        // The role is read from the database, not trusted from the token: a demoted admin loses access at once.
        let actor = try await users.activeUser(input.principal)
        guard actor.role == .admin else { throw AuthError.forbidden }
        return try await KeysetCursor.page(
            limit: input.limit, cursor: input.cursor, position: { KeysetPosition(createdAt: $0.createdAt, id: $0.id) },
            fetch: { after, limit in try await users.list(after: after, limit: limit) })
    }
}
