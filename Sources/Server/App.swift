import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle
import UnixSignals

/// `zviewer`: the command line of the one binary.
public struct ZViewerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "zviewer",
        abstract: "zviewer video platform server",
        subcommands: [ServeCommand.self, MigrateCommand.self, TranscodeCommand.self],
        defaultSubcommand: ServeCommand.self)

    public init() {}

    /// Parses the process arguments and runs the chosen command.
    public static func start() async {
        await main()
    }
}

extension ServerRole: ExpressibleByArgument {}

/// `zviewer serve [--role all|api|worker]`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP API and/or the workers.")

    @Option(help: "What this process runs: all (API and workers), api or worker.")
    var role: ServerRole = .all

    func run() async throws {
        let config = try loadConfiguration()
        let logger = Logger(label: "zviewer")
        logger.info("starting", metadata: ["role": "\(role.rawValue)", "http.port": "\(config.httpPort)"])
        let dependencies = try await AppDependencies.make(config: config, logger: logger)
        switch role {
        case .all, .api:
            try await runUntilSignalled([buildApplication(dependencies, role: role)], grace: config.shutdownGrace, logger: logger)
        case .worker:
            // Migrations belong to the API processes; a worker-only process starts claiming at once and retries
            // until the schema is there.
            await dependencies.startGate.open()
            try await runUntilSignalled(
                [dependencies.postgres, dependencies.redis] + dependencies.workers, grace: config.shutdownGrace, logger: logger)
        }
    }
}

/// Runs `services` until SIGTERM or SIGINT starts a graceful shutdown; one that takes longer than `grace` (a store
/// is down and a job waits for a connection that will not come) is escalated to cancellation, so the process exits.
/// (Hummingbird's `runService()` has no such limit.)
func runUntilSignalled(
    _ services: [any Service], grace: Duration, logger: Logger, signals: [UnixSignal] = [.sigterm, .sigint]
) async throws {
    var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals, logger: logger)
    configuration.maximumGracefulShutdownDuration = grace
    try await ServiceGroup(configuration: configuration).run()
}

/// `zviewer migrate`: apply pending migrations and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    func run() async throws {
        let config = try loadConfiguration()
        let logger = Logger(label: "zviewer")
        let dependencies = try await AppDependencies.make(config: config, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await dependencies.postgres.run() }
            defer { group.cancelAll() }
            try await dependencies.migrate()
        }
        logger.info("migrations applied")
    }
}

/// Reads the configuration and sets up logging; a bad setting ends the process with one line naming it.
func loadConfiguration() throws -> AppConfig {
    do {
        let config = try AppConfig.load(environment: AppConfig.processEnvironment())
        LoggingSystem.bootstrap { label in
            StructuredLogHandler(label: label, format: config.logFormat, level: config.logLevel)
        }
        return config
    } catch {
        FileHandle.standardError.write(Data("zviewer: \(error)\n".utf8))
        throw ExitCode(78)  // EX_CONFIG
    }
}
