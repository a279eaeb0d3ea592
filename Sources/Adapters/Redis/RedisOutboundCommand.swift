import NIOCore

/// Commands on their way out: their encoded bytes, in order the promises their replies complete, and when they
/// time out.
struct RedisOutboundCommand: Sendable {
    var bytes: ByteBuffer
    var promises: [EventLoopPromise<RESPValue>]
    var deadline: NIODeadline
}
