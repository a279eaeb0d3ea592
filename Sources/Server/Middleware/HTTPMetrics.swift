import Adapters
import Prometheus
import Synchronization

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

    /// The collectors of one (method, route, status), looked up in the registry once rather than on every request.
    private struct Series: Hashable {
        var method: String
        var route: String
        var status: Int
    }
    private let collectors = Mutex<[Series: (Counter, DurationHistogram)]>([:])

    /// Methods kept as labels; any other (a client may send any token) is counted as OTHER, so labels stay bounded.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    func record(method: String, route: String, status: Int, duration: Duration) {
        let method = Self.methods.contains(method) ? method : "OTHER"
        let series = Series(method: method, route: route, status: status)
        let (counter, histogram) = collectors.withLock { collectors in
            if let found = collectors[series] { return found }
            let labels = [("method", method), ("route", route), ("status", String(status))]
            let made = (
                registry.makeCounter(
                    descriptor: .init(metricName: "http_requests_total", helpText: "HTTP requests by route and status"),
                    labels: labels),
                registry.makeDurationHistogram(
                    descriptor: .init(metricName: "http_request_duration_seconds", helpText: "HTTP request latency"),
                    labels: labels, buckets: Self.buckets)
            )
            collectors[series] = made
            return made
        }
        counter.increment()
        histogram.record(duration)
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
