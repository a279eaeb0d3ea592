import NIOCore
import NIOPosix

/// One TCP connection to Redis. Thread-safe: any task may send on it, and commands pipeline.
final class RedisConnection: Sendable {
    let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    static func connect(
        host: String, port: Int, connectTimeout: Duration, eventLoopGroup: any EventLoopGroup
    ) async throws -> RedisConnection {
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.nanoseconds(connectTimeout.nanoseconds))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisCommandHandler())
                }
            }
            .connect(host: host, port: port)
            .get()
        return RedisConnection(channel: channel)
    }

    var isActive: Bool { channel.isActive }

    /// Sends commands in one flush and waits for all their replies (pipelining).
    func send(_ commands: [[[UInt8]]], timeout: Duration) async throws -> [RESPValue] {
        let channel = self.channel
        var promises: [EventLoopPromise<RESPValue>] = []
        promises.reserveCapacity(commands.count)
        for command in commands {
            var bytes = channel.allocator.buffer(capacity: 64)
            try HiredisEncoder.encode(command, into: &bytes)
            let reply = channel.eventLoop.makePromise(of: RESPValue.self)
            // A write to a dead channel never reaches the handler: fail the reply with it. NIO ignores a second
            // completion, so a reply failed by the handler too is harmless.
            let written = channel.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenFailure { _ in reply.fail(RedisError.connectionClosed) }
            promises.append(reply)
            channel.write(RedisOutboundCommand(bytes: bytes, promise: reply), promise: written)
        }
        channel.flush()
        let pending = promises
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            pending.forEach { $0.fail(RedisError.timeout) }
            // Replies arriving late would be matched to the wrong commands: drop the connection instead.
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
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
