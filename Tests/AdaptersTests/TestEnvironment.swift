import Adapters
import Foundation
import Logging
import PostgresNIO

/// Connection settings of the throw-away servers `scripts/test.sh` starts.
enum TestEnvironment {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not set: run the tests with scripts/test.sh" }
    }

    static let logger = Logger(label: "tests")

    static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw Missing(name: name) }
        return value
    }

    static func postgres(database: String? = nil) throws -> PostgresClient.Configuration {
        var components = URLComponents(string: try value("TEST_DATABASE_URL"))!
        if let database { components.path = "/" + database }
        let host = components.host ?? "127.0.0.1"
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "zviewer", password: components.password,
            database: String(components.path.dropFirst()), tls: .disable)
    }

    static var migrationsDirectory: String {
        ProcessInfo.processInfo.environment["MIGRATIONS_DIR"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("migrations").path
    }

    static func redis(poolSize: Int = 2, commandTimeout: Duration = .seconds(2)) throws -> RedisConfiguration {
        guard var configuration = RedisConfiguration(url: try value("TEST_REDIS_URL")) else { throw Missing(name: "TEST_REDIS_URL") }
        configuration.poolSize = poolSize
        configuration.commandTimeout = commandTimeout
        configuration.maxBackoff = .milliseconds(200)
        return configuration
    }
}

/// Runs `body` with a running, migrated PostgresClient on the shared test database.
func withPostgres(database: String? = nil, migrate: Bool = true, _ body: @Sendable (PostgresClient) async throws -> Void) async throws {
    let client = PostgresClient(configuration: try TestEnvironment.postgres(database: database), backgroundLogger: TestEnvironment.logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        if migrate {
            try await PostgresMigrator(client: client, logger: TestEnvironment.logger)
                .migrate(try PostgresMigrator.load(directory: TestEnvironment.migrationsDirectory))
        }
        try await body(client)
    }
}

/// Runs `body` against a new, empty database that is dropped afterwards.
func withFreshDatabase(_ body: @Sendable (String) async throws -> Void) async throws {
    let name = "zv_t_" + UUID().uuidString.prefix(12).lowercased().replacing("-", with: "")
    try await withPostgres(database: "postgres", migrate: false) { admin in
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: TestEnvironment.logger)
    }
    do {
        try await body(name)
        try? await dropDatabase(name)
    } catch {
        try? await dropDatabase(name)
        throw error
    }
}

private func dropDatabase(_ name: String) async throws {
    try await withPostgres(database: "postgres", migrate: false) { admin in
        try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: TestEnvironment.logger)
    }
}

/// Runs `body` with a running RedisClient, waiting until it has connected.
func withRedis(_ configuration: RedisConfiguration, _ body: @Sendable (RedisClient) async throws -> Void) async throws {
    let client = RedisClient(configuration: configuration, logger: TestEnvironment.logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        try await waitUntil(seconds: 20) { client.openConnections == configuration.poolSize }
        try await body(client)
    }
}

struct TimedOut: Error {}

/// Polls a condition every 20 ms for up to `seconds`.
func waitUntil(seconds: Double = 5, _ condition: @Sendable () async -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TimedOut()
}
