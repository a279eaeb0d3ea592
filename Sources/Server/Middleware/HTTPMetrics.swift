import Adapters
import Prometheus

/// Prometheus collectors of the HTTP server and the pools, owned by one application instance.
final class HTTPMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func record(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(metricName: "http_requests_total", helpText: "HTTP requests by route and status"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(metricName: "http_request_duration_seconds", helpText: "HTTP request latency"),
            labels: labels, buckets: Self.buckets
        ).record(duration)
    }

    /// The exposition text, with pool gauges read at scrape time.
    func scrape(redis: RedisClient) -> [UInt8] {
        let stats = redis.stats
        registry.makeGauge(descriptor: .init(metricName: "redis_pool_open_connections", helpText: "Redis connections up"))
            .set(Double(redis.openConnections))
        registry.makeGauge(descriptor: .init(metricName: "redis_pool_size", helpText: "Redis connections wanted"))
            .set(Double(redis.configuration.poolSize))
        registry.makeGauge(descriptor: .init(metricName: "redis_reconnects", helpText: "Redis connections re-established after a drop"))
            .set(Double(max(0, stats.connects - redis.configuration.poolSize)))
        registry.makeGauge(descriptor: .init(metricName: "redis_failed_connects", helpText: "Redis connection attempts that failed"))
            .set(Double(stats.failedConnects))
        return registry.emitToBuffer()
    }
}
