import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A pooled, pipelining Redis client that keeps its connections up: each pool slot reconnects with exponential
/// backoff when its connection drops. Commands fail fast with `RedisError.unavailable` while no connection is up,
/// so callers can degrade instead of queueing behind a dead server. Run it as a Service.
public final class RedisClient: Service, Sendable {
    public let configuration: RedisConfiguration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    private let slots: [NIOLockedValueBox<RedisConnection?>]
    private let nextSlot = NIOLockedValueBox(0)
    private let counters = NIOLockedValueBox(Counters())

    /// Connection statistics, for metrics.
    public struct Counters: Sendable {
        public var connects = 0
        public var disconnects = 0
        public var failedConnects = 0
    }

    public init(
        configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.slots = (0..<max(1, configuration.poolSize)).map { _ in NIOLockedValueBox(nil) }
    }

    public var stats: Counters { counters.withLockedValue { $0 } }

    /// Connections currently up.
    public var openConnections: Int {
        slots.reduce(0) { count, slot in count + (slot.withLockedValue { $0?.isActive == true } ? 1 : 0) }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for index in slots.indices {
                group.addTask { await self.maintain(slot: index) }
            }
        }
        for slot in slots {
            let connection = slot.withLockedValue { connection in
                defer { connection = nil }
                return connection
            }
            await connection?.close()
        }
    }

    /// Keeps one slot connected until graceful shutdown.
    private func maintain(slot index: Int) async {
        var backoff = Duration.milliseconds(50)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let connection = try await connect()
                slots[index].withLockedValue { $0 = connection }
                counters.withLockedValue { $0.connects += 1 }
                backoff = .milliseconds(50)
                // Returns when the connection drops, or (closing it) on shutdown or cancellation.
                try? await cancelWhenGracefulShutdown {
                    try await withTaskCancellationHandler {
                        try await connection.channel.closeFuture.get()
                    } onCancel: {
                        connection.channel.close(promise: nil)
                    }
                }
                slots[index].withLockedValue { $0 = nil }
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    await connection.close()
                    return
                }
                counters.withLockedValue { $0.disconnects += 1 }
                logger.warning("redis connection lost; reconnecting", metadata: ["redis.slot": "\(index)"])
            } catch {
                counters.withLockedValue { $0.failedConnects += 1 }
                let delay = backoff
                logger.warning(
                    "redis connect failed",
                    metadata: ["redis.slot": "\(index)", "error": "\(String(reflecting: error))", "retry.in": "\(delay)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
                backoff = min(backoff * 2, configuration.maxBackoff)
            }
        }
    }

    private func connect() async throws -> RedisConnection {
        let connection = try await RedisConnection.connect(
            to: configuration, eventLoopGroup: eventLoopGroup)
        do {
            var setup: [[String]] = []
            if let password = configuration.password { setup.append(["AUTH", password]) }
            if configuration.database != 0 { setup.append(["SELECT", String(configuration.database)]) }
            if !setup.isEmpty {
                for reply in try await connection.send(setup, timeout: configuration.commandTimeout) {
                    if case .error(let message) = reply { throw RedisError.server(message) }
                }
            }
            return connection
        } catch {
            await connection.close()
            throw error
        }
    }

    /// A live connection, round-robin over the slots that are up, preferring one on the caller's event loop: a task
    /// running on that loop (the HTTP connections' tasks do) then writes the command and takes the reply without
    /// handing anything to another thread.
    private func connection() throws(RedisError) -> RedisConnection {
        let start = nextSlot.withLockedValue { value in
            defer { value = (value + 1) % slots.count }
            return value
        }
        var fallback: RedisConnection?
        for offset in 0..<slots.count {
            if let connection = slots[(start + offset) % slots.count].withLockedValue({ $0 }), connection.isActive {
                if connection.channel.eventLoop.inEventLoop { return connection }
                fallback = fallback ?? connection
            }
        }
        guard let fallback else { throw .unavailable }
        return fallback
    }

    /// Sends one command; an error reply becomes `RedisError.server`.
    @discardableResult
    public func send(_ arguments: [String]) async throws -> RESPValue {
        let reply = try await pipeline([arguments])[0]
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    /// Sends several commands in one round trip; replies come back in order. Error replies are returned as
    /// `.error` values, not thrown, so one failing command does not hide the others' results.
    public func pipeline(_ commands: [[String]]) async throws -> [RESPValue] {
        let connection = try connection()
        do {
            return try await connection.send(commands, timeout: configuration.commandTimeout)
        } catch let error as RedisError {
            throw error
        } catch {
            throw RedisError.connectionClosed
        }
    }

    /// PING with the command timeout.
    public func ping() async throws {
        let reply = try await send(["PING"])
        guard reply == .simpleString("PONG") else { throw RedisError.protocolError("unexpected PING reply") }
    }
}
