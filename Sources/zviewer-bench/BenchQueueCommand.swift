import Adapters
import ArgumentParser
import Domain
import Foundation
import Logging
import PostgresNIO
import Server
import ServiceLifecycle

/// `zviewer-bench`: claim+complete throughput of the job queue with no-op jobs (used by scripts/bench.sh), a binary
/// of its own so the product binary carries no benchmark. Needs DATABASE_URL; creates its jobs under a unique kind
/// and deletes them afterwards.
@main
struct BenchQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zviewer-bench", abstract: "Measure job queue throughput with no-op jobs.")

    @Option(help: "Jobs to run.") var jobs = 10_000
    @Option(help: "Worker loops claiming concurrently.") var workers = 4

    struct NoOp: JobHandler {
        let kind: String
        func run(_ job: ClaimedJob) async throws {}
    }

    func run() async throws {
        let config = try AppConfig.load(environment: AppConfig.processEnvironment())
        var logger = Logger(label: "zviewer-bench")
        logger.logLevel = .error
        var postgresConfiguration = config.postgres
        postgresConfiguration.options.maximumConnections = max(workers + 2, 8)
        let client = PostgresClient(configuration: postgresConfiguration, backgroundLogger: logger)
        let (jobs, workers) = (self.jobs, self.workers)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await PostgresMigrator(client: client, logger: logger).migrate(try PostgresMigrator.load(directory: config.migrationsDir))
            let queue = JobPostgresQueue(client: client, logger: logger)
            let kind = "bench.noop.\(UUID().uuidString.prefix(8))"
            let enqueueStart = ContinuousClock.now
            for _ in 0..<jobs { try await queue.enqueue(JobRequest(kind: kind, payload: "{}")) }
            let enqueueTime = enqueueStart.duration(to: .now)
            let worker = JobWorker(
                queue: queue, handlers: [NoOp(kind: kind)], concurrency: { _ in workers }, lease: .seconds(30),
                pollInterval: .milliseconds(5), logger: logger)
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { inner in
                inner.addTask { try await worker.run() }
                defer { inner.cancelAll() }
                while try await Self.succeeded(client, kind: kind, logger: logger) < jobs {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            let elapsed = start.duration(to: .now)
            try await client.query("DELETE FROM jobs WHERE kind = \(kind)", logger: logger)
            func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
            print(
                String(
                    format: "queue: enqueued %d jobs one by one in %.2f s (%.0f jobs/s)", jobs, seconds(enqueueTime),
                    Double(jobs) / seconds(enqueueTime)))
            print(
                String(
                    format: "queue: %d no-op jobs claimed+completed by %d workers in %.2f s = %.0f jobs/s", jobs, workers, seconds(elapsed),
                    Double(jobs) / seconds(elapsed)))
        }
    }

    static func succeeded(_ client: PostgresClient, kind: String, logger: Logger) async throws -> Int {
        let rows = try await client.query("SELECT count(*)::int FROM jobs WHERE kind = \(kind) AND state = 'succeeded'", logger: logger)
        for try await (count) in rows.decode(Int.self) { return count }
        return 0
    }
}
