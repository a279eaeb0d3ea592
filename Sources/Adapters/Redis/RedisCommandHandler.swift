import NIOCore

/// Matches replies to commands in order (Redis answers in order), which is what makes pipelining work:
/// any number of commands may be in flight on one connection.
///
/// Writes are not flushed one by one: the first write of an event-loop tick queues one flush behind the work
/// already queued on the loop, so the commands that tasks on this loop send in the same tick (heartbeats read from
/// many HTTP connections at once) leave in one `writev`, and Redis reads them in one go and answers them in one
/// write. A lone command waits for nothing but the rest of the current tick.
///
/// One timer per connection watches the oldest command in flight; when it is overdue every command fails with
/// `RedisError.timeout` and the connection closes (replies arriving late would be matched to the wrong commands).
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisOutboundCommand
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var promise: EventLoopPromise<RESPValue>
        var deadline: NIODeadline
    }

    private var pending = CircularBuffer<Pending>(initialCapacity: 64)
    private let decoder = HiredisReplyDecoder()
    private var flushQueued = false
    private var timer: Scheduled<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        for reply in command.promises { pending.append(Pending(promise: reply, deadline: command.deadline)) }
        armTimer(context: context)
        context.write(wrapOutboundOut(command.bytes), promise: promise)
        guard !flushQueued else { return }
        flushQueued = true
        context.eventLoop.assumeIsolated().execute {
            self.flushQueued = false
            context.flush()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        decoder.feed(unwrapInboundIn(data))
        do {
            while let reply = try decoder.next() {
                guard let next = pending.popFirst() else {
                    // A reply nobody asked for: the stream is out of step, so it cannot be trusted any more.
                    context.close(promise: nil)
                    return
                }
                next.promise.succeed(reply)
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

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        failAll(RedisError.connectionClosed)
    }

    /// Keeps one timer armed for the oldest command in flight. Replies do not cancel it: when it fires it looks at
    /// the command that is oldest then and re-arms for that one, or stops when nothing is in flight.
    private func armTimer(context: ChannelHandlerContext) {
        guard timer == nil, let oldest = pending.first else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: oldest.deadline) {
            self.timer = nil
            guard let oldest = self.pending.first else { return }
            if oldest.deadline <= context.eventLoop.now {
                self.failAll(RedisError.timeout)
                context.close(promise: nil)
            } else {
                self.armTimer(context: context)
            }
        }
    }

    private func failAll(_ error: any Error) {
        while let next = pending.popFirst() { next.promise.fail(error) }
    }
}
