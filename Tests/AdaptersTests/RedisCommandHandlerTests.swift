import NIOCore
import NIOEmbedded
import Testing

@testable import Adapters

/// The Redis connection's handler on an embedded channel: what it writes and when, without a server's timing.
@Suite struct RedisCommandHandlerTests {
    private func command(
        _ arguments: [String], on channel: EmbeddedChannel, timeout: TimeAmount = .seconds(2)
    ) -> (
        RedisOutboundCommand, EventLoopFuture<RESPValue>
    ) {
        var bytes = channel.allocator.buffer(capacity: 64)
        RESPEncoder.encode(arguments, into: &bytes)
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        return (RedisOutboundCommand(bytes: bytes, promises: [promise], deadline: channel.eventLoop.now + timeout), promise.futureResult)
    }

    /// A connected embedded channel (an unconnected one is never active).
    private func connected(_ loop: EmbeddedEventLoop = EmbeddedEventLoop()) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: RedisCommandHandler(), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        #expect(channel.isActive)
        return channel
    }

    private func written(_ channel: EmbeddedChannel) throws -> [String] {
        var out: [String] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { out.append(String(buffer: buffer)) }
        return out
    }

    @Test func commandsWrittenInOneTickLeaveInOneFlushAndRepliesMatchInOrder() throws {
        let channel = try connected()
        let (first, firstReply) = command(["GET", "a"], on: channel)
        let (second, secondReply) = command(["GET", "b"], on: channel)
        channel.write(first, promise: nil)
        channel.write(second, promise: nil)
        // Nothing is flushed by the writes themselves ...
        #expect(try written(channel).isEmpty)
        // ... the one flush they queued runs with the loop's next tasks and sends both.
        channel.embeddedEventLoop.run()
        #expect(try written(channel) == ["*2\r\n$3\r\nGET\r\n$1\r\na\r\n", "*2\r\n$3\r\nGET\r\n$1\r\nb\r\n"])

        try channel.writeInbound(ByteBuffer(string: "$1\r\nx\r\n$-1\r\n"))
        #expect(try firstReply.wait() == .bulkString(Array("x".utf8)))
        #expect(try secondReply.wait() == .bulkString(nil))
        // A later write queues a flush of its own.
        let (third, thirdReply) = command(["PING"], on: channel)
        channel.write(third, promise: nil)
        channel.embeddedEventLoop.run()
        #expect(try written(channel) == ["*1\r\n$4\r\nPING\r\n"])
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        #expect(try thirdReply.wait() == .simpleString("PONG"))
        #expect(channel.isActive)
    }

    @Test func anOverdueCommandFailsEverythingInFlightAndClosesTheConnection() throws {
        let loop = EmbeddedEventLoop()
        let channel = try connected(loop)
        let (slow, slowReply) = command(["DEBUG", "SLEEP", "5"], on: channel, timeout: .milliseconds(200))
        channel.write(slow, promise: nil)
        loop.advanceTime(by: .milliseconds(100))
        let (later, laterReply) = command(["PING"], on: channel, timeout: .milliseconds(200))
        channel.write(later, promise: nil)
        loop.advanceTime(by: .milliseconds(99))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(throws: RedisError.timeout) { try slowReply.wait() }
        #expect(throws: RedisError.timeout) { try laterReply.wait() }
        #expect(!channel.isActive)
    }

    @Test func theTimerFollowsTheOldestCommandStillInFlight() throws {
        let loop = EmbeddedEventLoop()
        let channel = try connected(loop)
        let (first, firstReply) = command(["PING"], on: channel, timeout: .milliseconds(200))
        channel.write(first, promise: nil)
        loop.advanceTime(by: .milliseconds(150))
        let (second, secondReply) = command(["PING"], on: channel, timeout: .milliseconds(200))
        channel.write(second, promise: nil)
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        #expect(try firstReply.wait() == .simpleString("PONG"))
        // The first command's deadline passes: the second is not overdue yet, the connection stays.
        loop.advanceTime(by: .milliseconds(100))
        #expect(channel.isActive)
        // At the second's deadline it fails.
        loop.advanceTime(by: .milliseconds(100))
        #expect(throws: RedisError.timeout) { try secondReply.wait() }
        #expect(!channel.isActive)
    }

    @Test func aReplyNobodyAskedForClosesTheConnection() throws {
        let channel = try connected()
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        #expect(!channel.isActive)
    }

    @Test(arguments: [
        [], ["PING"], ["SET", "k", ""], ["SET", "ünïcode ✓", "line\r\nwith $5\r\n*2"],
        (0..<12).map { String(repeating: "x", count: $0 * 9) }, ["SET", "big", String(repeating: "é", count: 600)],
    ])
    func commandsAreEncodedAsRESPArraysOfBulkStrings(arguments: [String]) {
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        RESPEncoder.encode(arguments, into: &buffer)
        var expected = "*\(arguments.count)\r\n"
        for argument in arguments { expected += "$\(argument.utf8.count)\r\n\(argument)\r\n" }
        #expect(Array(buffer.readableBytesView) == Array(expected.utf8))
    }
}
