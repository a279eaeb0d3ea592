import Adapters
import Domain
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Testing

@testable import Server

/// The durable queue on the real PostgreSQL with the real worker service.
@Suite struct JobQueueTests {
    static let logger: Logger = {
        var logger = Logger(label: "jobs-test")
        logger.logLevel = .critical
        return logger
    }()

    /// A migrated PostgreSQL client and the queue over it.
    func withQueue(_ body: @Sendable (JobPostgresQueue, PostgresClient) async throws -> Void) async throws {
        let config = try TestSettings.config()
        let client = PostgresClient(configuration: config.postgres, backgroundLogger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await PostgresMigrator(client: client, logger: Self.logger).migrate(
                try PostgresMigrator.load(directory: config.migrationsDir))
            try await body(JobPostgresQueue(client: client, logger: Self.logger), client)
        }
    }

    /// Runs worker services until `condition` holds (or times out), then stops them.
    func runWorkers(_ workers: [JobWorker], until condition: @Sendable () async throws -> Bool) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { try await worker.run() } }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(60)
            while try await !condition() {
                guard ContinuousClock.now < deadline else { throw TestSetupError(message: "workers did not finish in time") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func worker(
        _ queue: JobPostgresQueue, _ handler: any JobHandler, concurrency: Int = 4, lease: Duration = .seconds(5), owner: String
    ) -> JobWorker {
        var worker = JobWorker(
            queue: queue, handlers: [handler], concurrency: { _ in concurrency }, lease: lease, pollInterval: .milliseconds(20),
            logger: Self.logger)
        worker.retryBase = .milliseconds(20)
        worker.owner = owner
        return worker
    }

    func states(_ client: PostgresClient, kind: String) async throws -> [String: Int] {
        let rows = try await client.query("SELECT state, count(*)::int FROM jobs WHERE kind = \(kind) GROUP BY state", logger: Self.logger)
        var result: [String: Int] = [:]
        for try await (state, count) in rows.decode((String, Int).self) { result[state] = count }
        return result
    }

    @Test func severalWorkersRunEveryJobExactlyOnceAndNeverTogether() async throws {
        try await withQueue { queue, client in
            let kind = "test.count.\(UUID().uuidString.prefix(8))"
            let ledger = RunLedger()
            for _ in 0..<300 { try await queue.enqueue(JobRequest(kind: kind, payload: "{}")) }
            let handler = RecordingHandler(kind: kind, ledger: ledger, work: .milliseconds(2))
            let workers = (0..<4).map { worker(queue, handler, owner: "w\($0)") }
            try await runWorkers(workers) { try await states(client, kind: kind) == ["succeeded": 300] }
            let runs = await ledger.runs
            #expect(runs.count == 300)
            #expect(runs.values.allSatisfy { $0 == 1 })
            #expect(await ledger.overlaps == 0)
            #expect(await ledger.maxConcurrent > 1)
        }
    }

    @Test func aJobWhoseWorkerDiedIsTakenOverAndCompletesOnce() async throws {
        try await withQueue { queue, client in
            let kind = "test.crash.\(UUID().uuidString.prefix(8))"
            let request = JobRequest(kind: kind, payload: "{}", maxAttempts: 3)
            try await queue.enqueue(request)
            // A worker leases the job and is killed: it never renews, completes or releases.
            let orphan = try #require(try await queue.claim(kind: kind, owner: "killed-worker", lease: .milliseconds(300)))
            #expect(orphan.attempt == 1)
            let ledger = RunLedger()
            let survivor = worker(queue, RecordingHandler(kind: kind, ledger: ledger), owner: "survivor")
            try await runWorkers([survivor]) { try await states(client, kind: kind) == ["succeeded": 1] }
            #expect(await ledger.runs == [request.id: 1])
            let job = try #require(try await queue.find(id: request.id))
            #expect(job.attempts == 2)
            #expect(job.leaseOwner == nil)
            // The dead worker's lease token no longer counts: it can neither finish nor fail the job.
            #expect(try await queue.complete(orphan) == false)
            #expect(try await queue.fail(orphan, error: "late", retryAfter: .zero, permanent: false) == false)
            #expect(try await queue.find(id: request.id)?.state == .succeeded)
        }
    }

    @Test func aSlowWorkerThatLostItsLeaseDoesNotProduceASecondResult() async throws {
        try await withQueue { queue, client in
            let kind = "test.slow.\(UUID().uuidString.prefix(8))"
            try await client.query(
                "CREATE TABLE IF NOT EXISTS test_job_results (job_id uuid PRIMARY KEY, runs int NOT NULL)", logger: Self.logger)
            let request = JobRequest(kind: kind, payload: "{}")
            try await queue.enqueue(request)
            let handler = IdempotentResultHandler(kind: kind, client: client, logger: Self.logger)
            // The slow worker claims, stalls past its lease, and only then runs the handler and tries to complete.
            let slow = try #require(try await queue.claim(kind: kind, owner: "slow", lease: .milliseconds(200)))
            try await Task.sleep(for: .milliseconds(400))
            let fast = try #require(try await queue.claim(kind: kind, owner: "fast", lease: .seconds(5)))
            #expect(fast.id == slow.id)
            try await handler.run(fast)
            #expect(try await queue.complete(fast))
            try await handler.run(slow)
            #expect(try await queue.complete(slow) == false)
            let rows = try await client.query("SELECT runs FROM test_job_results WHERE job_id = \(request.id)", logger: Self.logger)
            var results: [Int] = []
            for try await (runs) in rows.decode(Int.self) { results.append(runs) }
            #expect(results == [1])
        }
    }

    @Test func failuresRetryWithBackoffThenDieAndAnAdminCanRetry() async throws {
        try await withQueue { queue, client in
            let kind = "test.fail.\(UUID().uuidString.prefix(8))"
            let flaky = JobRequest(kind: kind, payload: #"{"mode":"fail"}"#, maxAttempts: 3)
            let broken = JobRequest(kind: kind, payload: #"{"mode":"permanent"}"#, maxAttempts: 3)
            try await queue.enqueue(flaky)
            try await queue.enqueue(broken)
            let ledger = RunLedger()
            try await runWorkers([worker(queue, FailingHandler(kind: kind, ledger: ledger), owner: "f")]) {
                try await states(client, kind: kind) == ["dead": 2]
            }
            #expect(await ledger.runs == [flaky.id: 3, broken.id: 1])
            let dead = try #require(try await queue.find(id: flaky.id))
            #expect(dead.attempts == 3)
            #expect(dead.lastError?.contains("always fails") == true)
            #expect(dead.finishedAt != nil)
            let retried = try await queue.retry(id: flaky.id)
            #expect(retried.state == .queued)
            #expect(retried.attempts == 0)
            await #expect(throws: JobError.notRetryable(.queued)) { _ = try await queue.retry(id: flaky.id) }
            await #expect(throws: JobError.notFound) { _ = try await queue.retry(id: UUID()) }
        }
    }

    @Test func backoffGrowsExponentiallyWithJitterAndACap() async throws {
        var worker = JobWorker(
            queue: NeverQueue(), handlers: [], concurrency: { _ in 1 }, lease: .seconds(1), pollInterval: .seconds(1), logger: Self.logger)
        worker.retryBase = .seconds(10)
        worker.maxBackoff = .seconds(60)
        for _ in 0..<50 {
            #expect((.seconds(5)...(.seconds(10))).contains(worker.backoff(attempt: 1)))
            #expect((.seconds(20)...(.seconds(40))).contains(worker.backoff(attempt: 3)))
            #expect((.seconds(30)...(.seconds(60))).contains(worker.backoff(attempt: 30)))
        }
        let samples = Set((0..<20).map { _ in worker.backoff(attempt: 2) })
        #expect(samples.count > 1)
    }

    @Test func gracefulShutdownReleasesARunningJobWithoutCountingTheAttempt() async throws {
        try await withQueue { queue, client in
            let kind = "test.shutdown.\(UUID().uuidString.prefix(8))"
            let request = JobRequest(kind: kind, payload: "{}")
            try await queue.enqueue(request)
            let ledger = RunLedger()
            var worker = worker(queue, RecordingHandler(kind: kind, ledger: ledger, work: .seconds(30)), concurrency: 1, owner: "stopping")
            worker.shutdownGrace = .milliseconds(100)
            let group = ServiceGroup(configuration: .init(services: [worker], logger: Self.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                while try await states(client, kind: kind)["running"] != 1 { try await Task.sleep(for: .milliseconds(20)) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let job = try #require(try await queue.find(id: request.id))
            #expect(job.state == .queued)
            #expect(job.attempts == 0)
            #expect(job.leaseOwner == nil)
        }
    }

    @Test func aDueScheduleIsEnqueuedOnceEvenWithManyReplicas() async throws {
        try await withQueue { queue, client in
            let kind = "test.periodic.\(UUID().uuidString.prefix(8))"
            try await queue.ensureSchedule(name: kind, kind: kind, payload: "{}", every: .seconds(3600))
            try await queue.ensureSchedule(name: kind, kind: kind, payload: "{}", every: .seconds(3600))
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await queue.enqueueDueSchedules() } }
                for try await _ in group {}
            }
            #expect(try await states(client, kind: kind) == ["queued": 1])
            // Not due again for an hour.
            _ = try await queue.enqueueDueSchedules()
            #expect(try await states(client, kind: kind) == ["queued": 1])
        }
    }

    @Test func aVideoAndItsJobAreWrittenTogetherOrNotAtAll() async throws {
        try await withQueue { queue, client in
            let users = UserPostgresRepository(client: client, logger: Self.logger)
            let videos = VideoPostgresRepository(client: client, logger: Self.logger)
            let now = Date()
            let user = User(
                id: UUID(), email: try EmailAddress("q\(UUID().uuidString.prefix(8).lowercased())@example.com"), displayName: "Q",
                role: .user, status: .active, passwordHash: "x", mfa: .disabled, createdAt: now, updatedAt: now)
            try await users.create(
                user,
                firstProfile: Profile(id: UUID(), userId: user.id, name: "Q", avatarURL: nil, isKids: false, createdAt: now, updatedAt: now)
            )
            func video(size: Int64) -> Video {
                Video(
                    id: UUID(), ownerId: user.id, title: "t", description: "", tags: [], visibility: .private, status: .queued,
                    originalFilename: nil, sizeBytes: size, createdAt: now, updatedAt: now)
            }
            let fits = video(size: 600)
            let fitsJob = JobRequest(kind: "test.tx", payload: "{}")
            try await videos.create(fits, job: fitsJob, defaultQuotaBytes: 1000)
            #expect(try await queue.find(id: fitsJob.id) != nil)
            let tooBig = video(size: 500)
            let tooBigJob = JobRequest(kind: "test.tx", payload: "{}")
            await #expect(throws: UploadError.quotaExceeded(usedBytes: 600, quotaBytes: 1000)) {
                try await videos.create(tooBig, job: tooBigJob, defaultQuotaBytes: 1000)
            }
            #expect(try await videos.find(id: tooBig.id) == nil)
            #expect(try await queue.find(id: tooBigJob.id) == nil)
            // Concurrent uploads cannot pass the quota together.
            let attempts = (0..<10).map { _ in video(size: 100) }
            let created = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in attempts {
                    group.addTask { (try? await videos.create(attempt, job: nil, defaultQuotaBytes: 1000)) != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(created == 4)
            #expect(try await videos.usage(ownerId: user.id, defaultQuotaBytes: 1000).usedBytes == 1000)
        }
    }
}

/// Counts runs per job and checks that no job runs in two places at once.
actor RunLedger {
    var runs: [UUID: Int] = [:]
    var running: Set<UUID> = []
    var overlaps = 0
    var maxConcurrent = 0

    func start(_ id: UUID) {
        if !running.insert(id).inserted { overlaps += 1 }
        runs[id, default: 0] += 1
        maxConcurrent = max(maxConcurrent, running.count)
    }

    func finish(_ id: UUID) { running.remove(id) }
}

struct RecordingHandler: JobHandler {
    let kind: String
    let ledger: RunLedger
    var work: Duration = .zero

    func run(_ job: ClaimedJob) async throws {
        await ledger.start(job.id)
        do {
            if work > .zero { try await Task.sleep(for: work) }
        } catch {
            await ledger.finish(job.id)
            throw error
        }
        await ledger.finish(job.id)
    }
}

struct FailingHandler: JobHandler {
    let kind: String
    let ledger: RunLedger

    func run(_ job: ClaimedJob) async throws {
        await ledger.start(job.id)
        await ledger.finish(job.id)
        if job.payload.contains("permanent") { throw JobError.permanent("bad payload") }
        throw TestSetupError(message: "always fails")
    }
}

/// Records its result keyed by job id, so a second run changes nothing (the pattern real handlers follow).
struct IdempotentResultHandler: JobHandler {
    let kind: String
    let client: PostgresClient
    let logger: Logger

    func run(_ job: ClaimedJob) async throws {
        try await client.query(
            "INSERT INTO test_job_results (job_id, runs) VALUES (\(job.id), 1) ON CONFLICT (job_id) DO NOTHING", logger: logger)
    }
}

/// A queue that is never reached (for the pure backoff test).
struct NeverQueue: JobQueue {
    func enqueue(_ request: JobRequest) async throws {}
    func claim(kind: String, owner: String, lease: Duration) async throws -> ClaimedJob? { nil }
    func renew(_ job: ClaimedJob, lease: Duration) async throws -> Bool { false }
    func complete(_ job: ClaimedJob) async throws -> Bool { false }
    func fail(_ job: ClaimedJob, error: String, retryAfter: Duration, permanent: Bool) async throws -> Bool { false }
    func release(_ job: ClaimedJob) async throws {}
    func find(id: UUID) async throws -> Job? { nil }
    func list(state: JobState?, kind: String?, after: KeysetPosition?, limit: Int) async throws -> [Job] { [] }
    func retry(id: UUID) async throws -> Job { throw JobError.notFound }
    func ensureSchedule(name: String, kind: String, payload: String, every: Duration) async throws {}
    func enqueueDueSchedules() async throws -> Int { 0 }
}
