import Domain
import Foundation
import Logging
import ServiceLifecycle

/// Deletes refresh tokens that expired more than a day ago, hourly. Idempotent, so every worker replica may run it.
struct RefreshTokenSweeper: Service {
    let refreshTokens: any RefreshTokenRepository
    let clock: any DateProvider
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // The first sweep waits one interval: at start-up the schema may still be migrating.
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let removed = try await refreshTokens.deleteExpired(before: clock.now().addingTimeInterval(-86400))
                if removed > 0 { logger.info("expired refresh tokens removed", metadata: ["tokens.removed": "\(removed)"]) }
            } catch {
                logger.warning("refresh token sweep failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
