#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The durable job queue: producers enqueue, workers claim with a lease and report the outcome.
public protocol JobQueue: Sendable {
    /// Adds a job (ignored when a job with the same id exists).
    func enqueue(_ request: JobRequest) async throws
    /// Leases the next due job of `kind` (queued or failed and due, or running with an expired lease).
    func claim(kind: String, owner: String, lease: Duration) async throws -> ClaimedJob?
    /// Extends the lease; false when it was lost (expired and taken by another worker).
    func renew(_ job: ClaimedJob, lease: Duration) async throws -> Bool
    /// Marks the job succeeded; false when the lease was lost.
    @discardableResult
    func complete(_ job: ClaimedJob) async throws -> Bool
    /// Records a failed attempt: `failed` (due again after `retryAfter`), or `dead` when attempts are used up
    /// or `permanent`. False when the lease was lost.
    @discardableResult
    func fail(_ job: ClaimedJob, error: String, retryAfter: Duration, permanent: Bool) async throws -> Bool
    /// Gives the job back without counting the attempt (graceful shutdown).
    func release(_ job: ClaimedJob) async throws
    /// One job.
    func find(id: UUID) async throws -> Job?
    /// Jobs, newest first, filtered by state and kind.
    func list(state: JobState?, kind: String?, after: KeysetPosition?, limit: Int) async throws -> [Job]
    /// Puts a failed or dead job back in the queue with a fresh set of attempts.
    func retry(id: UUID) async throws -> Job
    /// Makes sure a periodic schedule exists (`every` is updated; the next run time is kept).
    func ensureSchedule(name: String, kind: String, payload: String, every: Duration) async throws
    /// Enqueues a job for every schedule that is due and moves each to its next run; safe with many replicas.
    func enqueueDueSchedules() async throws -> Int
}
