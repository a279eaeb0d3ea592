import Adapters
import Domain
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `/health`, `/ready` and `/metrics`.
struct OperationsController {
    let postgres: PostgresClient
    let redis: RedisClient
    let storage: any ObjectStorage
    let metrics: HTTPMetrics

    func register(on routes: RouteTable) {
        let postgres = self.postgres
        let redis = self.redis
        let storage = self.storage
        let metrics = self.metrics
        routes.add(.get, "/health", in: .unlimited) { _, _ in
            HealthResponse(status: "ok")
        }
        routes.add(.get, "/ready", in: .unlimited) { request, context in
            async let database = Self.check { try await postgres.query("SELECT 1", logger: context.logger) }
            async let cache = Self.check { try await redis.ping() }
            async let objects = Self.check { try await storage.checkReachable() }
            let checks = [
                "postgres": await database ? "up" : "down", "redis": await cache ? "up" : "down",
                "storage": await objects ? "up" : "down",
            ]
            if checks.values.allSatisfy({ $0 == "up" }) {
                return try ReadinessResponse(status: "ready", checks: .init(postgres: "up", redis: "up", storage: "up"))
                    .response(from: request, context: context)
            }
            let down = checks.filter { $0.value == "down" }.keys.sorted().joined(separator: ", ")
            context.logger.warning("not ready", metadata: ["ready.down": .string(down)])
            return Problem(
                .serviceUnavailable, code: "not_ready", title: "Not ready", detail: "unreachable: \(down)",
                extensions: checks
            ).response(instance: request.uri.path, requestId: context.requestId)
        }
        routes.add(.get, "/metrics", in: .unlimited) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.scrape(redis: redis))))
        }
    }

    /// Runs a probe with a 2-second limit; false on any failure.
    static func check(_ probe: @escaping @Sendable () async throws -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await probe()) != nil }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
