import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes
import Prometheus
import UseCases

/// Heartbeats answered in the connection's channel pipeline, in front of Hummingbird's router.
///
/// Heartbeats are most of a streaming service's API traffic (one per viewer every 30 s), and the work they need (a
/// token already verified once, a small JSON body, one Redis script) is small next to the per-request cost of the
/// general HTTP path on a small machine: the async channel's hand-overs between the event loop and the task pool, the
/// router's trie, the middleware chain. Two handlers use it: `HeartbeatWireHandler` on the connection's bytes in
/// front of the HTTP/1 decoder (the usual case), and `HeartbeatFastPathHandler` right after the HTTP/1 codec (for
/// what the first leaves to the decoder). Each answers a heartbeat it can take entirely: it runs the very same use cases (`AuthenticateAccessToken`, `RecordHeartbeat`)
/// in a task bound to the connection's event loop, maps errors with the same `ErrorMapping`, writes the same fields
/// and bodies, the same access-log line and metrics. Anything else, and any heartbeat it is not sure of (a body
/// the flat-JSON reader declines, another media type, `Expect`, `Connection: close`, an oversized body, a query, a
/// pipelined request behind one the router still owes an answer to), is handed to the router untouched, so the
/// router's route stays the reference behaviour and the tests compare the two.
///
/// A class (immutable, so `Sendable`): each heartbeat's task captures one reference instead of copying the use cases'
/// dependencies (a retain for each).
final class HeartbeatFastPath: Sendable {
    let authenticate: AuthenticateAccessToken
    let recordHeartbeat: RecordHeartbeat
    let metrics: HTTPMetrics
    let logger: Logger
    let responseFields: RouterResponseFields

    init(
        authenticate: AuthenticateAccessToken, recordHeartbeat: RecordHeartbeat, metrics: HTTPMetrics, logger: Logger,
        allowedOrigins: Set<String>, serverName: String?
    ) {
        self.authenticate = authenticate
        self.recordHeartbeat = recordHeartbeat
        self.metrics = metrics
        self.logger = logger
        self.responseFields = RouterResponseFields(allowedOrigins: allowedOrigins, serverName: serverName)
    }

    /// The route label of heartbeats in metrics and logs, as the router names it.
    static let route = "/api/v1/playback/{sessionId}/heartbeat"
    /// The body limit of the heartbeat route.
    static let bodyLimit = 4096
    private static let prefix = Array("/api/v1/playback/".utf8)
    private static let suffix = Array("/heartbeat".utf8)

    /// A heartbeat read by the handler, ready to answer.
    struct Call: Sendable {
        var sessionId: UUID
        var body: HeartbeatRequest
        var token: String?
        var requestId: String
        var origin: String?
        var path: String
        var start: ContinuousClock.Instant
    }

    /// The session id when `path` is exactly `/api/v1/playback/<session id>/heartbeat` (no query).
    static func sessionId(inPath path: String) -> UUID? {
        let bytes = path.utf8
        guard bytes.count == prefix.count + 36 + suffix.count, bytes.starts(with: prefix),
            bytes.suffix(suffix.count).elementsEqual(suffix)
        else { return nil }
        return UUID(text: path.dropFirst(prefix.count).prefix(36))
    }

    /// What the fast path reads of a heartbeat's head: the session id and the header fields it needs.
    struct Fields: Equatable {
        var sessionId: UUID
        var path: String
        var contentType: String?
        var authorization: String?
        var requestId: String?
        var origin: String?
    }

    /// The fields when the handler may take this request; nil hands it to the router. The fields are read in one
    /// pass (`HTTPFields`' subscript scans and joins on every lookup); a field it reads that comes twice, which the
    /// router would see joined, hands the request to the router too.
    func accepts(_ request: HTTPRequest) -> Fields? {
        guard request.method == .post, let path = request.path, let id = Self.sessionId(inPath: path) else { return nil }
        var head = Fields(sessionId: id, path: path)
        var hasLength = false
        for field in request.headerFields {
            switch field.name {
            case .connection:
                if field.value.lowercased().contains("close") { return nil }
            case .expect:
                return nil
            case .contentLength:
                guard !hasLength, let declared = Int(field.value), declared <= Self.bodyLimit else { return nil }
                hasLength = true
            case .contentType:
                guard head.contentType == nil else { return nil }
                head.contentType = field.value
            case .authorization:
                guard head.authorization == nil else { return nil }
                head.authorization = field.value
            case RequestLifecycleMiddleware.requestIdHeader:
                guard head.requestId == nil else { return nil }
                head.requestId = field.value
            case .origin:
                guard head.origin == nil else { return nil }
                head.origin = field.value
            default:
                continue
            }
        }
        return head
    }

    /// The call when the whole request is one the handler answers exactly like the router; nil hands it on.
    func call(_ fields: Fields, body: ByteBuffer?, start: ContinuousClock.Instant) -> Call? {
        guard Request.isJSON(contentType: fields.contentType), let body,
            let object = FlatJSONObject(body.readableBytesView), let request = HeartbeatRequest(flat: object)
        else { return nil }
        return Call(
            sessionId: fields.sessionId, body: request, token: fields.authorization.flatMap(AuthenticationMiddleware.bearerToken),
            requestId: RequestLifecycleMiddleware.requestId(supplied: fields.requestId),
            origin: fields.origin, path: fields.path, start: start)
    }

    /// What the router's middleware and route would answer (authentication, the use case, problem mapping, CORS,
    /// request id, `Date` and `Server`), with the access log and metrics recorded.
    func answer(_ call: Call) async -> (HTTPResponse, ByteBuffer) {
        // Metadata only when a line may be written: at info and below (the access log), or for an error.
        var logger = self.logger
        let logsRequests = logger.logLevel <= .info
        if logsRequests { logger[metadataKey: "request.id"] = .string(call.requestId) }
        var status = HTTPResponse.Status.ok
        var fields: HTTPFields
        var body: ByteBuffer
        do {
            var principal: Principal?
            if let token = call.token { principal = try? await authenticate.execute(token) }
            guard let principal else { throw AuthError.unauthenticated }
            if logsRequests { logger[metadataKey: "user.id"] = .string(principal.userId.lowercasedString) }
            let next = try await recordHeartbeat.execute(
                .init(
                    principal: principal, sessionId: call.sessionId, positionSeconds: call.body.positionSeconds,
                    rendition: call.body.rendition, bufferHealthSeconds: call.body.bufferHealthSeconds,
                    bitrate: call.body.bitrate))
            fields = [.contentType: HeartbeatResponse.contentType]
            body = ByteBuffer(string: HeartbeatResponse(nextHeartbeatSeconds: next).json)
        } catch {
            if !logsRequests { logger[metadataKey: "request.id"] = .string(call.requestId) }
            let problem = RequestLifecycleMiddleware.problem(for: error, logger: logger)
            status = problem.status
            (fields, body) = problem.encoded(instance: call.path, requestId: call.requestId)
        }
        fields.append(HTTPField(name: .contentLength, value: String(body.readableBytes)))
        responseFields.complete(&fields, requestId: call.requestId, origin: call.origin)
        metrics.heartbeatFastPath.increment()
        RequestLifecycleMiddleware.finish(
            method: "POST", route: Self.route, path: call.path, status: status.code, start: call.start, metrics: metrics,
            logger: logger)
        return (HTTPResponse(status: status, headerFields: fields), body)
    }
}

extension HeartbeatFastPath {
    /// Answers `call` in a task that prefers the connection's event loop, then hands the response to `finish` on that
    /// loop (with the handler and its context, which stay on the loop).
    func respond<Handler>(
        to call: Call, executor: EventLoopTaskExecutor?, handler: Handler, context: ChannelHandlerContext,
        finish: @escaping (Handler, (HTTPResponse, ByteBuffer), ChannelHandlerContext) -> Void
    ) {
        let eventLoop = context.eventLoop
        let bound = NIOLoopBound((handler, context, finish), eventLoop: eventLoop)
        Task(executorPreference: executor) {
            let response = await self.answer(call)
            // The task prefers the connection's event loop as its executor, so it normally resumes there and writes
            // in place; should it not, the answer is handed to the loop.
            if eventLoop.inEventLoop {
                let (handler, context, finish) = bound.value
                finish(handler, response, context)
            } else {
                eventLoop.execute {
                    let (handler, context, finish) = bound.value
                    finish(handler, response, context)
                }
            }
        }
    }
}

/// What a fast-path handler holds back while it answers a heartbeat: a read (a client pipelining behind it) and the
/// graceful-shutdown event (the connection is not idle yet). Released once the answer is written.
struct HeldWhileAnswering {
    var read = false
    var quiesce = false

    mutating func release(context: ChannelHandlerContext) {
        if quiesce {
            quiesce = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        if read {
            read = false
            context.read()
        }
    }
}

/// One per connection, right after the HTTP/1 codec (see `HeartbeatFastPath`). Keeps HTTP/1.1's order: a heartbeat
/// is taken only when the router owes no answer on the connection, and while one is being answered, later request
/// parts (pipelining) wait here and reading pauses until it is answered.
final class HeartbeatFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        case idle
        /// A heartbeat's head has been taken; its body is being read.
        case collecting(HTTPRequest, HeartbeatFastPath.Fields, ByteBuffer?, ContinuousClock.Instant)
        /// A request handed to the router is being read.
        case forwarding
        /// A heartbeat is being answered.
        case answering
    }

    private let fastPath: HeartbeatFastPath
    /// Shared with the connection's `HeartbeatWireHandler`: every response this side completes.
    private let ledger: WireLedger?
    private var state = State.idle
    /// Requests handed to the router whose response has not been written to the end yet.
    private var owedByRouter = 0
    private var held = CircularBuffer<HTTPRequestPart>()
    private var heldBack = HeldWhileAnswering()
    private var executor: EventLoopTaskExecutor?

    init(fastPath: HeartbeatFastPath, ledger: WireLedger? = nil) {
        self.fastPath = fastPath
        self.ledger = ledger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        executor = EventLoopTaskExecutor(eventLoop: context.eventLoop)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .answering = state {
            held.append(part)
        } else {
            process(part, context: context)
        }
    }

    private func process(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch state {
        case .idle:
            if case .head(let request) = part, owedByRouter == 0, let fields = fastPath.accepts(request) {
                state = .collecting(request, fields, nil, .now)
                return
            }
            if case .head = part {
                owedByRouter += 1
                state = .forwarding
            }
            context.fireChannelRead(wrapInboundOut(part))
        case .forwarding:
            if case .end = part { state = .idle }
            context.fireChannelRead(wrapInboundOut(part))
        case .collecting(let request, let fields, var body, let start):
            switch part {
            case .body(var chunk):
                if (body?.readableBytes ?? 0) + chunk.readableBytes > HeartbeatFastPath.bodyLimit {
                    handOn(request, body, context: context)
                    context.fireChannelRead(wrapInboundOut(part))
                } else {
                    if body == nil { body = chunk } else { body?.writeBuffer(&chunk) }
                    state = .collecting(request, fields, body, start)
                }
            case .end(let trailers):
                if trailers == nil, let call = fastPath.call(fields, body: body, start: start) {
                    state = .answering
                    answer(call, context: context)
                } else {
                    handOn(request, body, context: context)
                    state = .idle
                    context.fireChannelRead(wrapInboundOut(part))
                }
            case .head:
                // The HTTP decoder never sends a head inside a request; hand both on and let the router decide.
                handOn(request, body, context: context)
                state = .idle
                process(part, context: context)
            }
        case .answering:
            held.append(part)
        }
    }

    /// Gives a request the handler had started to read to the router.
    private func handOn(_ request: HTTPRequest, _ body: ByteBuffer?, context: ChannelHandlerContext) {
        owedByRouter += 1
        state = .forwarding
        context.fireChannelRead(wrapInboundOut(.head(request)))
        if let body { context.fireChannelRead(wrapInboundOut(.body(body))) }
    }

    private func answer(_ call: HeartbeatFastPath.Call, context: ChannelHandlerContext) {
        fastPath.respond(to: call, executor: executor, handler: self, context: context) { $0.finish($1, context: $2) }
    }

    private func finish(_ response: (HTTPResponse, ByteBuffer), context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(response.0)), promise: nil)
        context.write(wrapOutboundOut(.body(response.1)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        ledger?.completed += 1
        state = .idle
        if !held.isEmpty {
            while !held.isEmpty {
                if case .answering = state { break }
                process(held.removeFirst(), context: context)
            }
            context.fireChannelReadComplete()
        }
        if case .answering = state { return }
        heldBack.release(context: context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            if owedByRouter > 0 { owedByRouter -= 1 }
            ledger?.completed += 1
        }
        context.write(data, promise: promise)
    }

    /// Reading pauses only when a client pipelines behind a heartbeat being answered (parts are held): pausing on
    /// every heartbeat would cost two `epoll_ctl` calls per request, for clients that send one request at a time.
    func read(context: ChannelHandlerContext) {
        if case .answering = state, !held.isEmpty {
            heldBack.read = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Graceful shutdown closes idle connections; one with a heartbeat being answered is not idle yet.
        if event is ChannelShouldQuiesceEvent, case .answering = state {
            heldBack.quiesce = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        held.removeAll()
        context.fireChannelInactive()
    }
}
