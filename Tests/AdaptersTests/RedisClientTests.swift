import Adapters
import Domain
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite struct RedisClientTests {
    @Test(
        arguments: [
            ("redis://127.0.0.1:6390/2", nil, "127.0.0.1", 6390, 2, nil),
            ("redis://:secret@cache.internal", nil, "cache.internal", 6379, 0, "secret"),
            ("unix:///run/redis/redis.sock", "/run/redis/redis.sock", nil, nil, 0, nil),
            ("unix:///run/redis/redis.sock?db=5", "/run/redis/redis.sock", nil, nil, 5, nil),
            ("redis+unix:///tmp/r.sock?db=1&password=p%40ss", "/tmp/r.sock", nil, nil, 1, "p@ss"),
            ("unix://:secret@/tmp/r.sock", "/tmp/r.sock", nil, nil, 0, "secret"),
        ] as [(String, String?, String?, Int?, Int, String?)])
    func urlsParse(url: String, socket: String?, host: String?, port: Int?, database: Int, password: String?) throws {
        let configuration = try #require(RedisConfiguration(url: url))
        #expect(configuration.unixSocketPath == socket)
        if let host { #expect(configuration.host == host) }
        if let port { #expect(configuration.port == port) }
        #expect(configuration.database == database)
        #expect(configuration.password == password)
    }

    @Test(arguments: [
        "http://127.0.0.1:6379", "redis://", "redis://host/-1", "redis://host/zero", "unix://", "unix://relative.sock",
        "unix://host/tmp/r.sock", "unix:///tmp/r.sock?db=-1", "unix:///tmp/r.sock?db=x", "unix:///tmp/r.sock?timeout=1",
        "unix:///tmp/", "unix:///" + String(repeating: "d", count: 120) + "/r.sock",
        "unix://:a@/tmp/r.sock?password=b",
    ])
    func malformedURLsAreRefused(url: String) {
        #expect(RedisConfiguration(url: url) == nil)
    }

    /// The test Redis listens on a Unix socket too (scripts/test.sh); a client given its `unix://` URL talks to
    /// the same server over it, and honours the database in the URL.
    @Test func aUnixSocketURLReachesTheSameRedis() async throws {
        let url = try TestEnvironment.value("TEST_REDIS_SOCKET_URL")
        var configuration = try #require(RedisConfiguration(url: url))
        let path = try #require(configuration.unixSocketPath)
        configuration.poolSize = 2
        let socket = configuration
        configuration.database = 1
        let otherDatabase = configuration
        let key = "test:\(UUID())"
        try await withRedis(try TestEnvironment.redis()) { tcp in
            try await tcp.send(["SET", key, "over tcp", "EX", "60"])
            try await withRedis(socket) { unix in
                // Redis names a Unix-socket client's address by the socket's path.
                let info = try #require(try await unix.send(["CLIENT", "INFO"]).string)
                #expect(info.contains("laddr=\(path)"))
                let value = try await unix.send(["GET", key]).string
                #expect(value == "over tcp")
                let replies = try await unix.pipeline((1...50).map { _ in ["INCR", key + ":n"] } + [["EXPIRE", key + ":n", "60"]])
                #expect(replies.dropLast().map(\.int) == (1...50).map { Int64($0) })
            }
            try await withRedis(otherDatabase) { unix in
                let value = try await unix.send(["GET", key])
                #expect(value.isNull)
            }
        }
    }

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
            let killer = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port)
                .get()
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
