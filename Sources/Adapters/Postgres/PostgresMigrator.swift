import Crypto
import Domain
import Foundation
import Logging
import PostgresNIO

/// Applies the numbered SQL files of a directory, each in its own transaction, under an advisory lock so that
/// replicas starting together apply each file exactly once. Applied files are recorded with a SHA-256 checksum;
/// a file edited after it was applied stops start-up.
public struct PostgresMigrator: Sendable {
    /// One migration file.
    public struct Migration: Sendable, Equatable {
        public var version: Int
        public var name: String
        public var sql: String
        public var checksum: String

        public init(version: Int, name: String, sql: String, checksum: String) {
            self.version = version
            self.name = name
            self.sql = sql
            self.checksum = checksum
        }
    }

    /// Why migrating stopped.
    public enum MigrationError: Error, CustomStringConvertible, Equatable {
        case unreadableDirectory(String)
        case duplicateVersion(Int)
        case checksumMismatch(version: Int, name: String)

        public var description: String {
            switch self {
            case .unreadableDirectory(let path): "cannot read migrations directory \(path)"
            case .duplicateVersion(let version): "two migration files share version \(version)"
            case .checksumMismatch(let version, let name):
                "migration \(version) (\(name)) was changed after it was applied; add a new numbered migration instead"
            }
        }
    }

    /// Arbitrary constant identifying zviewer's migration lock ("zvmigrat").
    static let advisoryLockKey: Int64 = 0x7A76_6D69_6772_6174

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Reads `NNNN_name.sql` files from a directory, ordered by number.
    public static func load(directory: String) throws -> [Migration] {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw MigrationError.unreadableDirectory(directory)
        }
        var migrations: [Migration] = []
        for name in names where name.hasSuffix(".sql") {
            guard let version = Int(name.prefix(while: { $0.isNumber })) else { continue }
            let data = try Data(contentsOf: url.appendingPathComponent(name))
            let checksum = SHA256.hash(data: data).hex
            migrations.append(
                Migration(version: version, name: name, sql: String(decoding: data, as: UTF8.self), checksum: checksum))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw MigrationError.duplicateVersion(a.version)
        }
        return migrations
    }

    /// Applies what is pending; returns the versions applied by this call.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await apply(migrations, on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                throw error
            }
        }
    }

    private func apply(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [Int] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        var recorded: [Int: (name: String, checksum: String)] = [:]
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            recorded[version] = (name, checksum)
        }
        var applied: [Int] = []
        for migration in migrations {
            if let existing = recorded[migration.version] {
                guard existing.checksum == migration.checksum else {
                    throw MigrationError.checksumMismatch(version: migration.version, name: migration.name)
                }
                continue
            }
            do {
                try await connection.withTransaction(logger: logger) { transaction in
                    for statement in SQLStatementSplitter.split(migration.sql) {
                        try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await transaction.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """, logger: logger)
                }
            } catch let error as PostgresTransactionError {
                throw error.closureError ?? error
            }
            logger.info(
                "applied migration", metadata: ["migration.version": "\(migration.version)", "migration.name": "\(migration.name)"])
            applied.append(migration.version)
        }
        return applied
    }
}
