import Foundation
import Logging
import ServiceLifecycle

/// Runs an action every `interval` until shutdown, and once more on the way out when `runOnShutdown` (so a
/// buffer is written before the process ends). Failures are logged and retried at the next tick.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    var runOnShutdown = false
    var gate: StartGate?
    let logger: Logger
    let action: @Sendable () async throws -> Void

    func run() async throws {
        await gate?.wait()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully && !runOnShutdown { break }
            do {
                try await action()
            } catch {
                logger.warning("\(name) failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }
}
