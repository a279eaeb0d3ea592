import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Prometheus

/// Requests a connection has handed past `HeartbeatWireHandler` to the HTTP/1 decoder, and the responses to them
/// written so far (counted by `HeartbeatFastPathHandler`, which sees every response end). Both handlers belong to one
/// channel and run on its event loop only.
final class WireLedger {
    var forwarded = 0
    var completed = 0
    /// Whether a response to a request handed on is still owed (a heartbeat answered here would overtake it).
    var owed: Bool { completed < forwarded }
}

/// The heartbeat fast path on the connection's bytes, in front of the HTTP/1 decoder: a heartbeat in the grammar of
/// `WireRequestHead` (the usual one: a player's `POST` with `Content-Length` and a small JSON body) is answered here,
/// through the same `HeartbeatFastPath` as `HeartbeatFastPathHandler`, without NIO's HTTP/1 parse, the HTTPTypes
/// conversions and the response encoder — about a fifth of a heartbeat's server CPU in profiles.
///
/// Every other request in the grammar is handed to the decoder as its bytes, head and body, and the handler goes on
/// reading the connection's requests after it, so a heartbeat behind a `play` on a keep-alive connection still gets
/// here. Anything outside the grammar (chunked bodies, `Upgrade`, HTTP/1.0, odd bytes) hands the rest of the
/// connection to the decoder for good, where `HeartbeatFastPathHandler` and the router take it as before. HTTP/1.1's
/// order holds: a heartbeat is answered here only when every request handed on has had its response written (else
/// it is handed on too), and while one is answered, later bytes wait (reading pauses if more arrive).
///
/// With a `MediaFastPath`, media `GET`s the reader recognises are answered here too, at once (no task): the head
/// and then the file's span as a `FileRegion`, under the same ordering rule.
final class HeartbeatWireHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let fastPath: HeartbeatFastPath
    private let media: MediaFastPath?
    private let ledger: WireLedger
    /// Bytes read and not yet handled.
    private var pending: ByteBuffer?
    /// Body bytes of a request handed on that are still to come.
    private var forwardRemaining = 0
    /// How many pending bytes are known to hold no blank line (a head arriving in pieces is not re-read from the
    /// start on every read: a client sending a byte at a time would make that quadratic).
    private var scannedWithoutEnd = 0
    private var answering = false
    /// The decoder has the connection for good.
    private var passthrough = false
    private var heldBack = HeldWhileAnswering()
    private var executor: EventLoopTaskExecutor?

    init(fastPath: HeartbeatFastPath, media: MediaFastPath? = nil, ledger: WireLedger) {
        self.fastPath = fastPath
        self.media = media
        self.ledger = ledger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        executor = EventLoopTaskExecutor(eventLoop: context.eventLoop)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !passthrough else { return context.fireChannelRead(data) }
        var bytes = unwrapInboundIn(data)
        if pending == nil { pending = bytes } else { pending?.writeBuffer(&bytes) }
        drain(context: context)
    }

    /// Handles the pending bytes until they run out, a head is incomplete, or a heartbeat is being answered.
    /// Returns whether anything was handed on.
    @discardableResult
    private func drain(context: ChannelHandlerContext) -> Bool {
        var handedOn = false
        while !answering, !passthrough, var bytes = pending, bytes.readableBytes > 0 {
            if forwardRemaining > 0 {
                let count = min(forwardRemaining, bytes.readableBytes)
                forwardRemaining -= count
                let body = bytes.readSlice(length: count)
                hand(body, rest: bytes, context: context)
                handedOn = true
                continue
            }
            guard headMayBeComplete(bytes) else { return handedOn }
            switch bytes.withUnsafeReadableBytes(WireRequestHead.parse) {
            case .incomplete:
                return handedOn
            case .unsupported:
                passthrough = true
                pending = nil
                context.fireChannelRead(wrapInboundOut(bytes))
                return true
            case .other(let headLength, let bodyLength):
                ledger.forwarded += 1
                forwardRemaining = bodyLength
                let head = bytes.readSlice(length: headLength)
                hand(head, rest: bytes, context: context)
                handedOn = true
            case .media(let request):
                // Answered in place, in order: nothing is owed before it, and the connection is not backed up (a
                // client pipelining many requests while reading slowly goes through the router's backpressure).
                if !ledger.owed, let media, context.channel.isWritable, let answer = media.answer(request, start: .now) {
                    bytes.moveReaderIndex(forwardBy: request.headLength)
                    scannedWithoutEnd = 0
                    pending = bytes.readableBytes > 0 ? bytes : nil
                    send(answer, context: context)
                } else {
                    ledger.forwarded += 1
                    let head = bytes.readSlice(length: request.headLength)
                    hand(head, rest: bytes, context: context)
                    handedOn = true
                }
            case .heartbeat(let head):
                let length = head.headLength + head.bodyLength
                guard bytes.readableBytes >= length else { return handedOn }
                let body = bytes.getSlice(at: bytes.readerIndex + head.headLength, length: head.bodyLength)
                if !ledger.owed, let call = fastPath.call(head.fields, body: body, start: .now) {
                    bytes.moveReaderIndex(forwardBy: length)
                    scannedWithoutEnd = 0
                    pending = bytes.readableBytes > 0 ? bytes : nil
                    answering = true
                    answer(call, context: context)
                } else {
                    ledger.forwarded += 1
                    let request = bytes.readSlice(length: length)
                    hand(request, rest: bytes, context: context)
                    handedOn = true
                }
            }
        }
        return handedOn
    }

    /// Whether `bytes` hold a blank line (CRLF CRLF) past what was scanned before, or are long enough for the
    /// reader's length limit; remembers how far it looked otherwise.
    private func headMayBeComplete(_ bytes: ByteBuffer) -> Bool {
        if bytes.readableBytes >= WireRequestHead.maxHeadLength { return true }
        let found = bytes.withUnsafeReadableBytes { raw -> Bool in
            var index = max(3, scannedWithoutEnd)
            while index < raw.count {
                if raw[index] == 0x0A, raw[index - 1] == 0x0D, raw[index - 2] == 0x0A, raw[index - 3] == 0x0D { return true }
                index += 1
            }
            return false
        }
        scannedWithoutEnd = found ? 0 : bytes.readableBytes
        return found
    }

    private func hand(_ slice: ByteBuffer?, rest: ByteBuffer, context: ChannelHandlerContext) {
        scannedWithoutEnd = 0
        pending = rest.readableBytes > 0 ? rest : nil
        if let slice { context.fireChannelRead(wrapInboundOut(slice)) }
    }

    private func answer(_ call: HeartbeatFastPath.Call, context: ChannelHandlerContext) {
        fastPath.respond(to: call, executor: executor, handler: self, context: context) { $0.finish($1, context: $2) }
    }

    private func finish(_ response: (HTTPResponse, ByteBuffer), context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(Self.encode(response, allocator: context.channel.allocator))), promise: nil)
        fastPath.metrics.heartbeatWire.increment()
        answering = false
        if drain(context: context) { context.fireChannelReadComplete() }
        if answering { return }
        heldBack.release(context: context)
    }

    /// Writes a media answer: the head (with a manifest made straight into the same buffer behind it), or the head and
    /// then the file's span, which NIO sends with `sendfile`; the file is closed once it is sent or the write fails.
    private func send(_ answer: MediaFastPath.Answer, context: ChannelHandlerContext) {
        let allocator = context.channel.allocator
        switch answer.body {
        case .none:
            context.write(wrapOutboundOut(.byteBuffer(Self.encode((answer.head, ByteBuffer()), allocator: allocator))), promise: nil)
        case .manifest(let manifest):
            var buffer = Self.encode(head: answer.head, bodyCapacity: manifest.count, allocator: allocator)
            manifest.write(into: &buffer)
            context.write(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
        case .file(let descriptor, let offset, let length):
            context.write(wrapOutboundOut(.byteBuffer(Self.encode((answer.head, ByteBuffer()), allocator: allocator))), promise: nil)
            let file = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
            let sent = context.eventLoop.makePromise(of: Void.self)
            sent.futureResult.whenComplete { _ in try? file.close() }
            let region = FileRegion(fileHandle: file, readerIndex: Int(offset), endIndex: Int(offset + length))
            context.write(wrapOutboundOut(.fileRegion(region)), promise: sent)
        }
        context.flush()
    }

    /// The response as HTTP/1.1 bytes, as NIO's encoder writes them (status line, `name: value` lines, blank line,
    /// body) in one buffer.
    static func encode(_ response: (HTTPResponse, ByteBuffer), allocator: ByteBufferAllocator) -> ByteBuffer {
        let (head, body) = response
        var buffer = encode(head: head, bodyCapacity: body.readableBytes, allocator: allocator)
        buffer.writeImmutableBuffer(body)
        return buffer
    }

    /// The response head as HTTP/1.1 bytes, in a buffer with room for `bodyCapacity` more bytes behind it.
    static func encode(head: HTTPResponse, bodyCapacity: Int, allocator: ByteBufferAllocator) -> ByteBuffer {
        // Room for a usual head without a first pass over the fields (it grows if a head is longer).
        var buffer = allocator.buffer(capacity: 512 + bodyCapacity)
        buffer.writeString("HTTP/1.1 ")
        buffer.writeString(String(head.status.code))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(head.status.reasonPhrase)
        buffer.writeStaticString("\r\n")
        for field in head.headerFields {
            buffer.writeString(field.name.rawName)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// Reading pauses only while a heartbeat is answered with bytes waiting behind it (a client pipelining).
    func read(context: ChannelHandlerContext) {
        if answering, pending != nil {
            heldBack.read = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Graceful shutdown closes idle connections; one with a heartbeat being answered here is not idle yet.
        if event is ChannelShouldQuiesceEvent, answering {
            heldBack.quiesce = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending = nil
        context.fireChannelInactive()
    }
}

/// HTTP/1.1 as Hummingbird's `HTTP1Channel` sets it up, with the heartbeat fast path in two places: on the bytes in
/// front of the decoder (`HeartbeatWireHandler`) and on the decoded parts after it (`HeartbeatFastPathHandler`, for
/// what the first leaves to the decoder).
struct HeartbeatHTTP1Channel: HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let fastPath: HeartbeatFastPath
    var media: MediaFastPath? = nil
    /// Hummingbird's decoder limits.
    let decoder = HTTP1Channel.Configuration().httpDecoder

    /// When the connection counts as backed up. NIO's default (64 KiB high) is crossed by every response of a
    /// 64 KiB range plus its head, although a file span queued for `sendfile` holds no memory: the channel then turned
    /// unwritable and writable again on each such response, and the async writer's reaction to it cost ~6 % of the
    /// media path. 256 KiB leaves ranges up to that size alone; memory held for a slow client stays bounded by it
    /// plus one write (the router's file reads are 512 KiB each anyway).
    static let writeBufferWaterMark = ChannelOptions.Types.WriteBufferWaterMark(low: 64 << 10, high: 256 << 10)

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = decoder.maxHeaderFieldSize
            limits.maxHeaderListSize = decoder.maxHeaderListSize
            limits.maxHeaderFieldCount = decoder.maxHeaderFieldCount
            try channel.syncOptions?.setOption(ChannelOptions.writeBufferWaterMark, value: Self.writeBufferWaterMark)
            let ledger = WireLedger()
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(HeartbeatWireHandler(fastPath: fastPath, media: media, ledger: ledger))
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HeartbeatFastPathHandler(fastPath: fastPath, ledger: ledger))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
