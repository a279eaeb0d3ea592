import Domain
import Foundation
import Logging
import PostgresNIO

/// Hashed refresh tokens in PostgreSQL.
public struct RefreshTokenPostgresRepository: RefreshTokenRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = "id, user_id, family_id, token_hash, created_at, expires_at, used_at, revoked_at"
    typealias Row = (UUID, UUID, UUID, String, Date, Date, Date?, Date?)

    public func insert(_ token: RefreshToken) async throws {
        try await Self.insert(token, on: client, logger: logger)
    }

    public func withLockedToken(
        hash: String, _ decide: @Sendable (RefreshToken) -> RefreshTokenDecision
    ) async throws -> RefreshToken? {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM refresh_tokens WHERE token_hash = \(hash) FOR UPDATE",
                logger: logger)
            var found: RefreshToken?
            for try await row in rows.decode(Row.self) { found = Self.token(row) }
            guard let token = found else { return nil }
            switch decide(token) {
            case .rotate(let successor):
                try await connection.query(
                    "UPDATE refresh_tokens SET used_at = \(successor.createdAt) WHERE id = \(token.id)", logger: logger)
                try await Self.insert(successor, on: connection, logger: logger)
            case .revokeFamily:
                try await connection.query(
                    """
                    UPDATE refresh_tokens SET revoked_at = now()
                    WHERE family_id = \(token.familyId) AND revoked_at IS NULL
                    """, logger: logger)
            case .reject:
                break
            }
            return token
        }
    }

    public func revokeFamily(ofHash hash: String, at date: Date) async throws -> Bool {
        let rows = try await client.query(
            """
            WITH target AS (SELECT family_id FROM refresh_tokens WHERE token_hash = \(hash))
            UPDATE refresh_tokens SET revoked_at = \(date)
            WHERE family_id IN (SELECT family_id FROM target) AND revoked_at IS NULL
            RETURNING id
            """, logger: logger)
        var any = false
        for try await _ in rows { any = true }
        return any
    }

    public func revokeAll(userId: UUID, exceptFamily: UUID?, at date: Date) async throws {
        if let exceptFamily {
            try await client.query(
                """
                UPDATE refresh_tokens SET revoked_at = \(date)
                WHERE user_id = \(userId) AND revoked_at IS NULL AND family_id <> \(exceptFamily)
                """, logger: logger)
        } else {
            try await client.query(
                "UPDATE refresh_tokens SET revoked_at = \(date) WHERE user_id = \(userId) AND revoked_at IS NULL",
                logger: logger)
        }
    }

    public func deleteExpired(before date: Date) async throws -> Int {
        let rows = try await client.query(
            "DELETE FROM refresh_tokens WHERE expires_at < \(date) RETURNING 1", logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    static func insert(_ token: RefreshToken, on connection: some PostgresQueryRunner, logger: Logger) async throws {
        try await connection.run(
            """
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, used_at, revoked_at)
            VALUES (\(token.id), \(token.userId), \(token.familyId), \(token.tokenHash), \(token.createdAt),
                    \(token.expiresAt), \(token.usedAt), \(token.revokedAt))
            """, logger: logger)
    }

    static func token(_ row: Row) -> RefreshToken {
        let (id, userId, familyId, hash, createdAt, expiresAt, usedAt, revokedAt) = row
        return RefreshToken(
            id: id, userId: userId, familyId: familyId, tokenHash: hash, createdAt: createdAt, expiresAt: expiresAt,
            usedAt: usedAt, revokedAt: revokedAt)
    }
}
