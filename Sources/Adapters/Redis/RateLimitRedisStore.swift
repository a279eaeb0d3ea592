import Domain
import Logging

/// Fixed-window rate limiting in Redis: one Lua script increments the window's counter, starts its expiry on the
/// first hit and returns the count with the time left, so replicas share limits without a read-then-write race.
/// When Redis is unreachable it fails open (requests are allowed) and logs it: availability over enforcement.
public struct RateLimitRedisStore: RateLimiter {
    static let script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return {count, ttl}
        """

    let redis: RedisClient
    let keyPrefix: String
    let logger: Logger

    public init(redis: RedisClient, keyPrefix: String, logger: Logger) {
        self.redis = redis
        self.keyPrefix = keyPrefix
        self.logger = logger
    }

    public func hit(key: String, rule: RateLimitRule) async throws -> RateLimitStatus {
        let windowMillis = rule.windowSeconds * 1000
        do {
            let reply = try await redis.send(["EVAL", Self.script, "1", "\(keyPrefix)rl:\(key)", String(windowMillis)])
            guard case .array(let items?) = reply, items.count == 2, let count = items[0].int, let ttl = items[1].int
            else { throw RedisError.protocolError("unexpected rate-limit reply") }
            let reset = max(1, Int((ttl + 999) / 1000))
            return RateLimitStatus(
                limit: rule.limit, remaining: max(0, rule.limit - Int(count)), resetSeconds: reset,
                allowed: count <= Int64(rule.limit))
        } catch {
            logger.warning(
                "rate limit not enforced: redis unavailable", metadata: ["error": "\(String(reflecting: error))"])
            return RateLimitStatus(limit: rule.limit, remaining: rule.limit, resetSeconds: rule.windowSeconds, allowed: true)
        }
    }
}
