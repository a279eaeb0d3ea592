import Domain
import Foundation
import Logging
import PostgresNIO

/// Viewer profiles in PostgreSQL. Changes to an account's set of profiles lock the account row, so concurrent
/// creates cannot pass the per-account maximum and concurrent deletes cannot remove the last profile.
public struct ProfilePostgresRepository: ProfileRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = "id, user_id, name, avatar_url, is_kids, max_maturity, created_at, updated_at"
    typealias Row = (UUID, UUID, String, String?, Bool, Int16, Date, Date)

    public func list(userId: UUID) async throws -> [Profile] {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.columns) FROM profiles WHERE user_id = \(userId) ORDER BY created_at, id",
            logger: logger)
        var profiles: [Profile] = []
        for try await row in rows.decode(Row.self) { profiles.append(Self.profile(row)) }
        return profiles
    }

    public func create(_ profile: Profile, maximum: Int) async throws {
        try await client.transaction(logger: logger) { connection in
            let count = try await Self.lockAccountAndCount(userId: profile.userId, on: connection, logger: logger)
            guard count < maximum else { throw ProfileError.limitReached(maximum: maximum) }
            try await Self.insert(profile, on: connection, logger: logger)
        }
    }

    public func update(
        id: UUID, userId: UUID, _ change: @Sendable (inout Profile) throws -> Void
    ) async throws
        -> Profile?
    {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM profiles WHERE id = \(id) AND user_id = \(userId) FOR UPDATE",
                logger: logger)
            var found: Profile?
            for try await row in rows.decode(Row.self) { found = Self.profile(row) }
            guard var profile = found else { return nil }
            try change(&profile)
            try await connection.query(
                """
                UPDATE profiles SET name = \(profile.name), avatar_url = \(profile.avatarURL),
                    is_kids = \(profile.isKids), max_maturity = \(Int16(profile.maxMaturity.rank)), updated_at = \(profile.updatedAt)
                WHERE id = \(id)
                """, logger: logger)
            return profile
        }
    }

    public func delete(id: UUID, userId: UUID) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let count = try await Self.lockAccountAndCount(userId: userId, on: connection, logger: logger)
            let rows = try await connection.query(
                "SELECT 1 FROM profiles WHERE id = \(id) AND user_id = \(userId)", logger: logger)
            var exists = false
            for try await _ in rows { exists = true }
            guard exists else { return false }
            guard count > 1 else { throw ProfileError.lastProfile }
            try await connection.query("DELETE FROM profiles WHERE id = \(id) AND user_id = \(userId)", logger: logger)
            return true
        }
    }

    static func lockAccountAndCount(userId: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query("SELECT 1 FROM users WHERE id = \(userId) FOR UPDATE", logger: logger)
        let rows = try await connection.query(
            "SELECT count(*)::int FROM profiles WHERE user_id = \(userId)", logger: logger)
        for try await (count) in rows.decode(Int.self) { return count }
        return 0
    }

    static func insert(_ profile: Profile, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO profiles (id, user_id, name, avatar_url, is_kids, max_maturity, created_at, updated_at)
            VALUES (\(profile.id), \(profile.userId), \(profile.name), \(profile.avatarURL), \(profile.isKids), \(Int16(profile.maxMaturity.rank)),
                    \(profile.createdAt), \(profile.updatedAt))
            """, logger: logger)
    }

    static func profile(_ row: Row) -> Profile {
        let (id, userId, name, avatar, isKids, maturity, createdAt, updatedAt) = row
        return Profile(
            id: id, userId: userId, name: name, avatarURL: avatar, isKids: isKids, maxMaturity: MaturityRating(rank: Int(maturity)),
            createdAt: createdAt,
            updatedAt: updatedAt)
    }
}
