import Adapters
import Domain
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite struct RedisClientTests {
    @Test func setAndGetAreBinarySafe() async throws {
        try await withRedis(try TestEnvironment.redis()) { redis in
            let key = "test:\(UUID())"
            let value = "line\r\nwith $5\r\n*2 resp-looking bytes and ünïcode"
            let stored = try await redis.send(["SET", key, value, "EX", "60"])
            let read = try await redis.send(["GET", key])
            let missing = try await redis.send(["GET", key + ":missing"])
            #expect(stored == .simpleString("OK"))
            #expect(read.string == value)
            #expect(missing.isNull)
        }
    }

    @Test func pipelinedRepliesComeBackInOrder() async throws {
        try await withRedis(try TestEnvironment.redis()) { redis in
            let key = "test:\(UUID())"
            let replies = try await redis.pipeline((1...200).map { _ in ["INCR", key] } + [["EXPIRE", key, "60"]])
            #expect(replies.dropLast().map(\.int) == (1...200).map { Int64($0) })
        }
    }

    @Test func concurrentCallersEachGetTheirOwnReply() async throws {
        try await withRedis(try TestEnvironment.redis(poolSize: 2)) { redis in
            let prefix = "test:\(UUID()):"
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        try await redis.send(["SET", prefix + String(index), String(index), "EX", "60"])
                        let value = try await redis.send(["GET", prefix + String(index)]).string
                        #expect(value == String(index))
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func errorRepliesAreErrors() async throws {
        try await withRedis(try TestEnvironment.redis()) { redis in
            await #expect(throws: RedisError.self) { try await redis.send(["NOT-A-COMMAND"]) }
            let replies = try await redis.pipeline([["NOT-A-COMMAND"], ["PING"]])
            guard case .error = replies[0] else {
                Issue.record("expected an error reply, got \(replies[0])")
                return
            }
            #expect(replies[1] == .simpleString("PONG"))
        }
    }

    @Test func aSlowCommandTimesOutAndTheClientRecovers() async throws {
        try await withRedis(try TestEnvironment.redis(poolSize: 1, commandTimeout: .milliseconds(200))) { redis in
            await #expect(throws: RedisError.timeout) { try await redis.send(["DEBUG", "SLEEP", "0.6"]) }
            // Each PING has the 200 ms timeout too; on a loaded machine a few may time out before one gets through.
            try await waitUntil(seconds: 30) { (try? await redis.ping()) != nil }
        }
    }

    @Test func aDroppedConnectionIsReestablished() async throws {
        try await withRedis(try TestEnvironment.redis(poolSize: 2)) { redis in
            try await redis.ping()
            let before = redis.stats.connects
            // Commands go round-robin over the pool, so two CLIENT IDs name both connections.
            var ids: Set<Int64> = []
            for _ in 0..<2 { ids.insert(try #require(try await redis.send(["CLIENT", "ID"]).int)) }
            #expect(ids.count == 2)
            // Kill them from outside, as a Redis restart or a network cut would (other tests' connections live on).
            let port = Int(try TestEnvironment.value("TEST_REDIS_PORT"))!
            let killer = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
            let commands = ids.map { "CLIENT KILL ID \($0)\r\n" }.joined()
            try await killer.writeAndFlush(ByteBuffer(string: commands)).get()
            try await waitUntil { redis.stats.disconnects >= 2 }
            try await killer.close()
            try await waitUntil { redis.stats.connects >= before + 2 && redis.openConnections == 2 }
            try await redis.ping()
        }
    }

    @Test func commandsFailFastWhenRedisIsUnreachable() async throws {
        var configuration = try TestEnvironment.redis(poolSize: 1)
        configuration.port = 1  // nothing listens there
        let client = RedisClient(configuration: configuration, logger: TestEnvironment.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            // The first refused connect is a precondition, not what is measured: under a full parallel test run the
            // client's task may start late, so allow it time (in isolation it takes milliseconds).
            try await waitUntil(seconds: 30) { client.stats.failedConnects >= 1 }
            await #expect(throws: RedisError.unavailable) { try await client.ping() }
            // The rate limiter fails open rather than taking the API down with Redis.
            let limiter = RateLimitRedisStore(redis: client, keyPrefix: "t:", logger: TestEnvironment.logger)
            let status = try await limiter.hit(key: "x", rule: RateLimitRule(limit: 1, windowSeconds: 60))
            #expect(status.allowed)
        }
    }

    @Test func rateLimitWindowsCountAndExpire() async throws {
        try await withRedis(try TestEnvironment.redis()) { redis in
            let limiter = RateLimitRedisStore(redis: redis, keyPrefix: "test:\(UUID()):", logger: TestEnvironment.logger)
            let rule = RateLimitRule(limit: 3, windowSeconds: 60)
            var allowed: [Bool] = []
            for _ in 0..<5 { allowed.append(try await limiter.hit(key: "k", rule: rule).allowed) }
            #expect(allowed == [true, true, true, false, false])
            let status = try await limiter.hit(key: "k", rule: rule)
            // The window's reset counts down from 60 s (a loaded parallel run may take a few seconds to get here).
            #expect(status.remaining == 0 && (45...60).contains(status.resetSeconds))
            // A short window really expires.
            let short = RateLimitRule(limit: 1, windowSeconds: 1)
            _ = try await limiter.hit(key: "short", rule: short)
            #expect(try await limiter.hit(key: "short", rule: short).allowed == false)
            try await Task.sleep(for: .milliseconds(1300))
            #expect(try await limiter.hit(key: "short", rule: short).allowed)
        }
    }
}
