import NIOCore
import NIOPosix

/// One TCP connection to Redis. Thread-safe: any task may send on it, and commands pipeline.
final class RedisConnection: Sendable {
    let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects over TCP, or to the configuration's Unix socket when it names one.
    static func connect(to configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup) async throws -> RedisConnection {
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.nanoseconds(configuration.connectTimeout.nanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisCommandHandler())
                }
            }
        let channel: any Channel
        if let path = configuration.unixSocketPath {
            channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
        } else {
            channel =
                try await bootstrap
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: configuration.host, port: configuration.port)
                .get()
        }
        return RedisConnection(channel: channel)
    }

    var isActive: Bool { channel.isActive }

    /// Sends commands in one write and waits for all their replies (pipelining).
    func send(_ commands: [[String]], timeout: Duration) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let channel = self.channel
        let eventLoop = channel.eventLoop
        var bytes = channel.allocator.buffer(capacity: 128 * commands.count)
        for command in commands { RESPEncoder.encode(command, into: &bytes) }
        let promises = commands.map { _ in eventLoop.makePromise(of: RESPValue.self) }
        let outbound = RedisOutboundCommand(bytes: bytes, promises: promises, deadline: eventLoop.now + .nanoseconds(timeout.nanoseconds))
        // The handler batches the flush (one per event-loop tick) and times the commands out. A write to a dead
        // channel never reaches the handler: its failed promise fails the replies (NIO ignores a second completion,
        // so replies the handler failed too are harmless). A caller already on the connection's loop (an HTTP
        // connection's task, see `RedisClient.connection()`) writes in place instead of handing a task over.
        let submit = {
            let written = eventLoop.makePromise(of: Void.self)
            written.futureResult.whenFailure { _ in for promise in promises { promise.fail(RedisError.connectionClosed) } }
            channel.write(outbound, promise: written)
        }
        if eventLoop.inEventLoop { submit() } else { eventLoop.execute(submit) }
        var replies: [RESPValue] = []
        replies.reserveCapacity(promises.count)
        for promise in promises { replies.append(try await promise.futureResult.get()) }
        return replies
    }

    func close() async {
        try? await channel.close()
    }
}

extension Duration {
    /// The duration in whole nanoseconds, for NIO's TimeAmount.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
