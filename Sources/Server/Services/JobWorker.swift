import Domain
import Foundation
import Logging
import ServiceLifecycle

/// Runs queued jobs: for each handler, `concurrency(kind)` loops claim a job, run it while renewing its lease,
/// and report the outcome. On graceful shutdown no new job is claimed; a running job gets `shutdownGrace` to
/// finish, then it is cancelled and released back to the queue (the attempt does not count).
public struct JobWorker: Service {
    let queue: any JobQueue
    let handlers: [any JobHandler]
    let concurrency: @Sendable (String) -> Int
    let lease: Duration
    let pollInterval: Duration
    var retryBase: Duration = .seconds(10)
    var maxBackoff: Duration = .seconds(3600)
    var shutdownGrace: Duration = .seconds(10)
    /// Names this process in `jobs.lease_owner`.
    var owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    var gate: StartGate?
    let logger: Logger

    init(
        queue: any JobQueue, handlers: [any JobHandler], concurrency: @escaping @Sendable (String) -> Int, lease: Duration,
        pollInterval: Duration, gate: StartGate?, logger: Logger
    ) {
        self.queue = queue
        self.handlers = handlers
        self.concurrency = concurrency
        self.lease = lease
        self.pollInterval = pollInterval
        self.gate = gate
        self.logger = logger
    }

    /// A worker for the given handlers, as `zviewer serve` runs them (the benchmark uses it too).
    public init(
        queue: any JobQueue, handlers: [any JobHandler], concurrency: @escaping @Sendable (String) -> Int, lease: Duration,
        pollInterval: Duration, logger: Logger
    ) {
        self.init(
            queue: queue, handlers: handlers, concurrency: concurrency, lease: lease, pollInterval: pollInterval, gate: nil, logger: logger)
    }

    public func run() async throws {
        await gate?.wait()
        await withDiscardingTaskGroup { group in
            for handler in handlers {
                for slot in 0..<concurrency(handler.kind) {
                    group.addTask { await loop(handler, slot: slot) }
                }
            }
        }
    }

    private func loop(_ handler: any JobHandler, slot: Int) async {
        var lastClaimError: ContinuousClock.Instant?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if let job = try await queue.claim(kind: handler.kind, owner: owner, lease: lease) {
                    await execute(job, with: handler)
                    continue
                }
            } catch {
                // The database may be down or still migrating: say so at most once a minute per loop.
                if lastClaimError.map({ $0.duration(to: .now) > .seconds(60) }) ?? true {
                    logger.warning(
                        "job claim failed", metadata: ["job.kind": "\(handler.kind)", "error": "\(String(reflecting: error))"])
                    lastClaimError = .now
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
    }

    private enum Outcome: Sendable {
        case finished((any Error)?)
        case leaseLost
        case shutdown
    }

    func execute(_ job: ClaimedJob, with handler: any JobHandler) async {
        var metadata: Logger.Metadata = ["job.id": "\(job.id)", "job.kind": "\(job.kind)", "job.attempt": "\(job.attempt)"]
        guard job.attempt <= job.maxAttempts else {
            _ = try? await queue.fail(job, error: "lease expired during its last attempt", retryAfter: .zero, permanent: true)
            logger.error("job dead: its worker was lost on the last attempt", metadata: metadata)
            return
        }
        let started = ContinuousClock.now
        let (queue, lease, grace) = (self.queue, self.lease, self.shutdownGrace)
        let outcome = await withTaskGroup(of: Outcome?.self) { group -> Outcome in
            group.addTask {
                do {
                    try await handler.run(job)
                    return .finished(nil)
                } catch {
                    return .finished(error)
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: lease / 3)
                    if Task.isCancelled { return nil }
                    if (try? await queue.renew(job, lease: lease)) == false { return .leaseLost }
                }
                return nil
            }
            group.addTask {
                do {
                    try await gracefulShutdown()
                    try await Task.sleep(for: grace)
                    return .shutdown
                } catch {
                    return nil
                }
            }
            var result = Outcome.leaseLost
            for await next in group {
                guard let next else { continue }
                result = next
                break
            }
            group.cancelAll()
            return result
        }
        let elapsed = started.duration(to: .now).components
        metadata["job.ms"] = "\(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)"
        do {
            switch outcome {
            case .finished(nil):
                if try await queue.complete(job) {
                    logger.debug("job succeeded", metadata: metadata)
                } else {
                    logger.warning("job finished after its lease was lost; the new holder's outcome stands", metadata: metadata)
                }
            case .finished(let error?):
                metadata["error"] = "\(String(reflecting: error))"
                if error is CancellationError, Task.isShuttingDownGracefully {
                    try await queue.release(job)
                    logger.info("job released at shutdown", metadata: metadata)
                } else {
                    let permanent = (error as? JobError).map { if case .permanent = $0 { true } else { false } } ?? false
                    let delay = backoff(attempt: job.attempt)
                    try await queue.fail(job, error: String(describing: error), retryAfter: delay, permanent: permanent)
                    logger.warning(
                        permanent || job.attempt >= job.maxAttempts ? "job dead" : "job failed; will retry", metadata: metadata)
                }
            case .leaseLost:
                logger.warning("job lease lost; another worker owns it now", metadata: metadata)
            case .shutdown:
                try await queue.release(job)
                logger.info("job released at shutdown", metadata: metadata)
            }
        } catch {
            // The lease expires on its own and another worker takes the job.
            logger.error("job outcome not recorded", metadata: metadata.merging(["error": "\(String(reflecting: error))"]) { $1 })
        }
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so failed jobs do not retry in lockstep.
    func backoff(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let base = min(retryBase * (1 << exponent), maxBackoff)
        return base / 2 + base / 2 * Double.random(in: 0...1)
    }
}
