import Domain
import Foundation
import Logging
import PostgresNIO

/// The job queue in PostgreSQL. Claims use `FOR UPDATE SKIP LOCKED`, so concurrent workers never lease the same
/// job; every lease carries a fresh token and only the token's holder may finish the job, so a worker whose lease
/// expired (it was slow, or died) cannot overwrite the outcome of the worker that took the job over.
public struct JobPostgresQueue: JobQueue {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = """
        id, kind, payload::text, state, attempts, max_attempts, run_after, lease_owner, lease_expires_at, last_error,
        created_at, updated_at, finished_at
        """
    typealias Row = (UUID, String, String, String, Int, Int, Date, String?, Date?, String?, Date, Date, Date?)

    public func enqueue(_ request: JobRequest) async throws {
        try await client.withConnection { connection in
            try await Self.insert(request, on: connection, logger: logger)
        }
    }

    /// Inserts a job on a connection, so callers can enqueue inside their own transaction.
    static func insert(_ request: JobRequest, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO jobs (id, kind, payload, max_attempts, run_after)
            VALUES (\(request.id), \(request.kind), \(request.payload)::jsonb, \(request.maxAttempts),
                    COALESCE(\(request.runAfter), now()))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
    }

    public func claim(kind: String, owner: String, lease: Duration) async throws -> ClaimedJob? {
        let token = UUID()
        let leaseMs = Self.milliseconds(lease)
        // Due work first (served by the partial index on queued/failed jobs), then jobs whose worker vanished.
        let due = try await client.query(
            """
            WITH next AS (
                SELECT id FROM jobs
                WHERE kind = \(kind) AND state IN ('queued', 'failed') AND run_after <= now()
                ORDER BY run_after LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = \(owner), lease_token = \(token),
                lease_expires_at = now() + \(leaseMs) * interval '1 millisecond', updated_at = now()
            FROM next WHERE j.id = next.id
            RETURNING j.id, j.kind, j.payload::text, j.attempts, j.max_attempts
            """, logger: logger)
        if let job = try await Self.claimed(due, token: token) { return job }
        let abandoned = try await client.query(
            """
            WITH next AS (
                SELECT id FROM jobs
                WHERE kind = \(kind) AND state = 'running' AND lease_expires_at < now()
                ORDER BY lease_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE jobs j SET attempts = j.attempts + 1, lease_owner = \(owner), lease_token = \(token),
                lease_expires_at = now() + \(leaseMs) * interval '1 millisecond', updated_at = now(),
                last_error = 'lease expired (worker stopped or was too slow)'
            FROM next WHERE j.id = next.id
            RETURNING j.id, j.kind, j.payload::text, j.attempts, j.max_attempts
            """, logger: logger)
        return try await Self.claimed(abandoned, token: token)
    }

    public func renew(_ job: ClaimedJob, lease: Duration) async throws -> Bool {
        try await Self.changed(
            client.query(
                """
                UPDATE jobs SET lease_expires_at = now() + \(Self.milliseconds(lease)) * interval '1 millisecond',
                    updated_at = now()
                WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
                RETURNING id
                """, logger: logger))
    }

    public func complete(_ job: ClaimedJob) async throws -> Bool {
        try await Self.changed(
            client.query(
                """
                UPDATE jobs SET state = 'succeeded', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                    updated_at = now(), finished_at = now()
                WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
                RETURNING id
                """, logger: logger))
    }

    public func fail(_ job: ClaimedJob, error: String, retryAfter: Duration, permanent: Bool) async throws -> Bool {
        let message = String(error.prefix(2000))
        return try await Self.changed(
            client.query(
                """
                UPDATE jobs SET
                    state = CASE WHEN \(permanent) OR attempts >= max_attempts THEN 'dead' ELSE 'failed' END,
                    finished_at = CASE WHEN \(permanent) OR attempts >= max_attempts THEN now() END,
                    run_after = now() + \(Self.milliseconds(retryAfter)) * interval '1 millisecond',
                    last_error = \(message), lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                    updated_at = now()
                WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
                RETURNING id
                """, logger: logger))
    }

    public func release(_ job: ClaimedJob) async throws {
        try await client.query(
            """
            UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), run_after = now(),
                lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = \(job.id) AND lease_token = \(job.leaseToken) AND state = 'running'
            """, logger: logger)
    }

    public func find(id: UUID) async throws -> Job? {
        let rows = try await client.query("SELECT \(unescaped: Self.columns) FROM jobs WHERE id = \(id)", logger: logger)
        for try await row in rows.decode(Row.self) { return Self.job(row) }
        return nil
    }

    public func list(state: JobState?, kind: String?, after: KeysetPosition?, limit: Int) async throws -> [Job] {
        let micros = after?.microseconds
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM jobs
            WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
              AND (\(kind)::text IS NULL OR kind = \(kind))
              AND (\(micros)::bigint IS NULL
                   OR (created_at, id) < (timestamptz 'epoch' + \(micros) * interval '1 microsecond', \(after?.id)))
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        var jobs: [Job] = []
        for try await row in rows.decode(Row.self) { jobs.append(Self.job(row)) }
        return jobs
    }

    public func retry(id: UUID) async throws -> Job {
        let rows = try await client.query(
            """
            UPDATE jobs SET state = 'queued', attempts = 0, run_after = now(), finished_at = NULL, updated_at = now()
            WHERE id = \(id) AND state IN ('failed', 'dead')
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        for try await row in rows.decode(Row.self) { return Self.job(row) }
        guard let job = try await find(id: id) else { throw JobError.notFound }
        throw JobError.notRetryable(job.state)
    }

    public func ensureSchedule(name: String, kind: String, payload: String, every: Duration) async throws {
        let seconds = max(1, Int(every.components.seconds))
        try await client.query(
            """
            INSERT INTO job_schedules (name, kind, payload, interval_seconds, next_run_at)
            VALUES (\(name), \(kind), \(payload)::jsonb, \(seconds), now())
            ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, payload = EXCLUDED.payload,
                interval_seconds = EXCLUDED.interval_seconds,
                next_run_at = LEAST(job_schedules.next_run_at, now() + EXCLUDED.interval_seconds * interval '1 second')
            """, logger: logger)
    }

    public func enqueueDueSchedules() async throws -> Int {
        // One statement: moving a schedule and enqueueing its run commit together, and SKIP LOCKED lets only one
        // replica take each due schedule.
        let rows = try await client.query(
            """
            WITH due AS (
                SELECT name FROM job_schedules WHERE next_run_at <= now() FOR UPDATE SKIP LOCKED),
            moved AS (
                UPDATE job_schedules s SET next_run_at = now() + s.interval_seconds * interval '1 second',
                    last_run_at = now()
                FROM due WHERE s.name = due.name
                RETURNING s.kind, s.payload)
            INSERT INTO jobs (id, kind, payload, max_attempts)
            SELECT gen_random_uuid(), kind, payload, 3 FROM moved
            RETURNING id
            """, logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func claimed(_ rows: PostgresRowSequence, token: UUID) async throws -> ClaimedJob? {
        for try await (id, kind, payload, attempts, maxAttempts) in rows.decode((UUID, String, String, Int, Int).self) {
            return ClaimedJob(id: id, kind: kind, payload: payload, attempt: attempts, maxAttempts: maxAttempts, leaseToken: token)
        }
        return nil
    }

    static func changed(_ rows: PostgresRowSequence) async throws -> Bool {
        var changed = false
        for try await _ in rows { changed = true }
        return changed
    }

    static func job(_ row: Row) -> Job {
        let (id, kind, payload, state, attempts, maxAttempts, runAfter, owner, leaseExpiry, lastError, created, updated, finished) = row
        return Job(
            id: id, kind: kind, payload: payload, state: JobState(rawValue: state) ?? .dead, attempts: attempts,
            maxAttempts: maxAttempts, runAfter: runAfter, leaseOwner: owner, leaseExpiresAt: leaseExpiry,
            lastError: lastError, createdAt: created, updatedAt: updated, finishedAt: finished)
    }
}
