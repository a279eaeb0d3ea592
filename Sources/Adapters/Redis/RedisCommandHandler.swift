import NIOCore

/// Commands on their way out: their encoded bytes and, in order, the promises their replies complete.
struct RedisOutboundCommand: Sendable {
    var bytes: ByteBuffer
    var promises: [EventLoopPromise<RESPValue>]
}

/// Matches replies to commands in order (Redis answers in order), which is what makes pipelining work:
/// any number of commands may be in flight on one connection.
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisOutboundCommand
    typealias OutboundOut = ByteBuffer

    private var pending = CircularBuffer<EventLoopPromise<RESPValue>>(initialCapacity: 16)
    private let decoder = HiredisReplyDecoder()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        pending.append(contentsOf: command.promises)
        context.write(wrapOutboundOut(command.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        decoder.feed(unwrapInboundIn(data))
        do {
            while let reply = try decoder.next() {
                guard let promise = pending.popFirst() else {
                    // A reply nobody asked for: the stream is out of step, so it cannot be trusted any more.
                    context.close(promise: nil)
                    return
                }
                promise.succeed(reply)
            }
        } catch {
            failAll(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(RedisError.connectionClosed)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}
