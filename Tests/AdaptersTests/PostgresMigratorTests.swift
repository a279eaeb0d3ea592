import Adapters
import Foundation
import PostgresNIO
import Testing

@Suite struct PostgresMigratorTests {
    @Test func appliesEachFileOnceRecordsChecksumsAndIsIdempotent() async throws {
        try await withFreshDatabase { database in
            try await withPostgres(database: database, migrate: false) { client in
                let migrations = try PostgresMigrator.load(directory: TestEnvironment.migrationsDirectory)
                let migrator = PostgresMigrator(client: client, logger: TestEnvironment.logger)
                #expect(try await migrator.migrate(migrations) == migrations.map(\.version))
                #expect(try await migrator.migrate(migrations) == [])
                let rows = try await client.query("SELECT count(*)::int FROM schema_migrations", logger: TestEnvironment.logger)
                for try await count in rows.decode(Int.self) { #expect(count == migrations.count) }
            }
        }
    }

    @Test func replicasMigratingTogetherApplyEachFileOnce() async throws {
        try await withFreshDatabase { database in
            try await withPostgres(database: database, migrate: false) { client in
                let migrations = try PostgresMigrator.load(directory: TestEnvironment.migrationsDirectory)
                let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                    for _ in 0..<4 {
                        group.addTask { try await PostgresMigrator(client: client, logger: TestEnvironment.logger).migrate(migrations) }
                    }
                    return try await group.reduce(into: [Int]()) { $0 += $1 }
                }
                #expect(applied.sorted() == migrations.map(\.version))
            }
        }
    }

    @Test func anEditedAppliedMigrationStopsStartUp() async throws {
        try await withFreshDatabase { database in
            try await withPostgres(database: database, migrate: false) { client in
                var migrations = try PostgresMigrator.load(directory: TestEnvironment.migrationsDirectory)
                let migrator = PostgresMigrator(client: client, logger: TestEnvironment.logger)
                try await migrator.migrate(migrations)
                migrations[0].checksum = "edited"
                await #expect(
                    throws: PostgresMigrator.MigrationError.checksumMismatch(version: migrations[0].version, name: migrations[0].name)
                ) {
                    try await migrator.migrate(migrations)
                }
            }
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        try await withFreshDatabase { database in
            try await withPostgres(database: database, migrate: false) { client in
                let broken = PostgresMigrator.Migration(
                    version: 9999, name: "9999_broken.sql",
                    sql:
                        "CREATE TABLE half_done (id int); -- a comment; with a semicolon\nSELECT 'semi;colon'; SELECT * FROM no_such_table;",
                    checksum: "x")
                await #expect(throws: PSQLError.self) {
                    try await PostgresMigrator(client: client, logger: TestEnvironment.logger).migrate([broken])
                }
                let rows = try await client.query("SELECT to_regclass('half_done') IS NULL", logger: TestEnvironment.logger)
                for try await absent in rows.decode(Bool.self) { #expect(absent) }
            }
        }
    }
}
