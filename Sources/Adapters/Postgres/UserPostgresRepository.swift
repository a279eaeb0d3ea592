import Domain
import Foundation
import Logging
import PostgresNIO

/// Accounts in PostgreSQL.
public struct UserPostgresRepository: UserRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = """
        id, email, display_name, role, status, password_hash, mfa_secret, mfa_enabled, mfa_last_step, created_at, updated_at,
        handle, channel_description
        """
    typealias Row = (UUID, String, String, String, String, String, String?, Bool, Int64?, Date, Date, String?, String)

    public func create(_ user: User, firstProfile profile: Profile) async throws {
        do {
            try await client.transaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO users (id, email, display_name, role, status, password_hash, mfa_secret, mfa_enabled,
                                       mfa_last_step, created_at, updated_at)
                    VALUES (\(user.id), \(user.email.value), \(user.displayName), \(user.role.rawValue),
                            \(user.status.rawValue), \(user.passwordHash), \(user.mfa.secret), \(user.mfa.enabled),
                            \(user.mfa.lastUsedStep), \(user.createdAt), \(user.updatedAt))
                    """, logger: logger)
                try await ProfilePostgresRepository.insert(profile, on: connection, logger: logger)
            }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw AuthError.emailTaken
        }
    }

    public func find(id: UUID) async throws -> User? {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id)", logger: logger)
        return try await Self.first(rows)
    }

    public func find(email: EmailAddress) async throws -> User? {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.columns) FROM users WHERE lower(email) = \(email.value)", logger: logger)
        return try await Self.first(rows)
    }

    public func find(handle: String) async throws -> User? {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.columns) FROM users WHERE handle = \(handle.lowercased())", logger: logger)
        return try await Self.first(rows)
    }

    public func update(id: UUID, _ change: @Sendable (inout User) throws -> Void) async throws -> User? {
        do {
            return try await update(id: id, change: change)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CatalogError.handleTaken
        }
    }

    private func update(id: UUID, change: @Sendable (inout User) throws -> Void) async throws -> User? {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id) FOR UPDATE", logger: logger)
            guard var user = try await Self.first(rows) else { return nil }
            try change(&user)
            try await connection.query(
                """
                UPDATE users SET email = \(user.email.value), display_name = \(user.displayName),
                    role = \(user.role.rawValue), status = \(user.status.rawValue), password_hash = \(user.passwordHash),
                    mfa_secret = \(user.mfa.secret), mfa_enabled = \(user.mfa.enabled),
                    mfa_last_step = \(user.mfa.lastUsedStep), updated_at = \(user.updatedAt),
                    handle = \(user.handle), channel_description = \(user.channelDescription)
                WHERE id = \(id)
                """, logger: logger)
            return user
        }
    }

    public func list(after: KeysetPosition?, limit: Int) async throws -> [User] {
        let rows: PostgresRowSequence
        if let after {
            let micros = after.microseconds
            rows = try await client.query(
                """
                SELECT \(unescaped: Self.columns) FROM users
                WHERE (created_at, id) > (timestamptz 'epoch' + \(micros) * interval '1 microsecond', \(after.id))
                ORDER BY created_at, id LIMIT \(limit)
                """, logger: logger)
        } else {
            rows = try await client.query(
                "SELECT \(unescaped: Self.columns) FROM users ORDER BY created_at, id LIMIT \(limit)", logger: logger)
        }
        var users: [User] = []
        for try await row in rows.decode(Row.self) { users.append(Self.user(row)) }
        return users
    }

    static func first(_ rows: PostgresRowSequence) async throws -> User? {
        for try await row in rows.decode(Row.self) { return user(row) }
        return nil
    }

    static func user(_ row: Row) -> User {
        let (id, email, displayName, role, status, hash, secret, enabled, lastStep, createdAt, updatedAt, handle, about) = row
        var user = User(
            id: id, email: EmailAddress(trusted: email), displayName: displayName, role: Role(rawValue: role) ?? .user,
            status: AccountStatus(rawValue: status) ?? .suspended, passwordHash: hash,
            mfa: MFAState(secret: secret, enabled: enabled, lastUsedStep: lastStep), createdAt: createdAt,
            updatedAt: updatedAt)
        user.handle = handle
        user.channelDescription = about
        return user
    }
}
