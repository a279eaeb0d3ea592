import Domain
import Foundation
import Logging
import ServiceLifecycle

/// Enqueues periodic jobs. Schedules live in the database (`job_schedules`), so with several replicas each run
/// is enqueued once, by whichever replica gets there first.
struct JobScheduler: Service {
    struct Schedule: Sendable {
        var name: String
        var kind: String
        var payload = "{}"
        var every: Duration
    }

    let queue: any JobQueue
    let schedules: [Schedule]
    var tick: Duration = .seconds(5)
    var gate: StartGate?
    let logger: Logger

    func run() async throws {
        await gate?.wait()
        var registered = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if !registered {
                    for schedule in schedules {
                        try await queue.ensureSchedule(
                            name: schedule.name, kind: schedule.kind, payload: schedule.payload, every: schedule.every)
                    }
                    registered = true
                }
                let enqueued = try await queue.enqueueDueSchedules()
                if enqueued > 0 { logger.debug("periodic jobs enqueued", metadata: ["jobs.count": "\(enqueued)"]) }
            } catch {
                logger.warning("job scheduling failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }
}
