import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import Server

/// The heartbeat fast path (`HeartbeatFastPath`) against the router's heartbeat route, on a live server: every
/// variant is sent once as is (the fast path may take it) and once with a query string (which the fast path never
/// takes, and the router ignores), and the two answers must be the same. The metrics counter tells which path
/// answered. Raw TCP checks HTTP/1.1 pipelining order and `Connection: close`.
@Suite(.serialized) struct HeartbeatFastPathTests {
    static let origin = "https://player.example"

    struct Variant {
        var name: String
        var session: String
        var authorization: String?
        var body: String
        var contentType = "application/json"
        var headers: HTTPFields = [:]
        var status: HTTPResponse.Status
        var takenByFastPath: Bool
    }

    @Test func everyVariantIsAnsweredLikeTheRouterWould() async throws {
        try await withLiveApp(["CORS_ALLOWED_ORIGINS": Self.origin]) { client, app in
            let owner = try await client.signUp()
            let video = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            let viewer = try await client.viewer(app, plan: "basic")
            let other = try await client.viewer(app)
            let session = try #require(try JSON(try await client.play(video, viewer).body)["sessionId"]?.string)
            let good = #"{"positionSeconds":3,"rendition":"480p","bufferHealthSeconds":12.5,"bitrate":1200000}"#
            let bearer = "Bearer \(viewer.access)"
            let padded = #"{"positionSeconds":3,"# + String(repeating: " ", count: 5000) + #""rendition":"480p"}"#
            let variants: [Variant] = [
                .init(name: "valid", session: session, authorization: bearer, body: good, status: .ok, takenByFastPath: true),
                .init(name: "upper-case session id", session: session.uppercased(), authorization: bearer, body: good, status: .ok, takenByFastPath: true),
                .init(name: "scheme in other case, client request id", session: session, authorization: "bEaReR \(viewer.access)", body: good,
                      headers: [RequestLifecycleMiddleware.requestIdHeader: "player-42.a_b"], status: .ok, takenByFastPath: true),
                .init(name: "allowed origin", session: session, authorization: bearer, body: good, headers: [.origin: Self.origin], status: .ok, takenByFastPath: true),
                .init(name: "other origin", session: session, authorization: bearer, body: good, headers: [.origin: "https://evil.example"], status: .ok, takenByFastPath: true),
                .init(name: "media type with parameters", session: session, authorization: bearer, body: good, contentType: "application/json; charset=utf-8", status: .ok, takenByFastPath: true),
                .init(name: "escaped string (declined by the flat reader)", session: session, authorization: bearer,
                      body: #"{"positionSeconds":4,"rendition":"4\u00380p","bufferHealthSeconds":1,"bitrate":1}"#, status: .ok, takenByFastPath: false),
                .init(name: "no token", session: session, authorization: nil, body: good, status: .unauthorized, takenByFastPath: true),
                .init(name: "garbage token", session: session, authorization: "Bearer not.a.token", body: good, status: .unauthorized, takenByFastPath: true),
                .init(name: "basic scheme", session: session, authorization: "Basic dXNlcjpwYXNz", body: good, status: .unauthorized, takenByFastPath: true),
                .init(name: "another account's session", session: session, authorization: "Bearer \(other.access)", body: good, status: .notFound, takenByFastPath: true),
                .init(name: "unknown session", session: UUID().uuidString.lowercased(), authorization: bearer, body: good, status: .notFound, takenByFastPath: true),
                .init(name: "not a session id", session: "not-a-uuid", authorization: bearer, body: good, status: .notFound, takenByFastPath: false),
                .init(name: "negative position", session: session, authorization: bearer,
                      body: #"{"positionSeconds":-1,"rendition":"480p","bufferHealthSeconds":1,"bitrate":1}"#, status: .unprocessableContent, takenByFastPath: true),
                .init(name: "malformed JSON", session: session, authorization: bearer, body: #"{"positionSeconds":"#, status: .badRequest, takenByFastPath: false),
                .init(name: "missing field", session: session, authorization: bearer, body: #"{"rendition":"480p"}"#, status: .badRequest, takenByFastPath: false),
                .init(name: "array body", session: session, authorization: bearer, body: "[1,2]", status: .badRequest, takenByFastPath: false),
                .init(name: "text/plain", session: session, authorization: bearer, body: good, contentType: "text/plain", status: .unsupportedMediaType, takenByFastPath: false),
                .init(name: "body over 4 KiB", session: session, authorization: bearer, body: padded, status: .contentTooLarge, takenByFastPath: false),
                .init(name: "no token and a bad body", session: session, authorization: nil, body: "{", status: .unauthorized, takenByFastPath: false),
                // A field the fast path reads, sent twice: the router sees the values joined, so the fast path declines.
                .init(name: "two Authorization fields", session: session, authorization: nil, body: good,
                      headers: HTTPFields([HTTPField(name: .authorization, value: bearer), HTTPField(name: .authorization, value: bearer)]),
                      status: .unauthorized, takenByFastPath: false),
                .init(name: "two Origin fields", session: session, authorization: bearer, body: good,
                      headers: HTTPFields([HTTPField(name: .origin, value: Self.origin), HTTPField(name: .origin, value: Self.origin)]),
                      status: .ok, takenByFastPath: false),
            ]
            for variant in variants {
                try await Self.compare(variant, client: client)
            }
            // A stopped session: 410 either way.
            let stop = try await client.send(.post, "/api/v1/playback/\(session)/stop", json: #"{"positionSeconds":5}"#, token: viewer.access)
            #expect(stop.status == .noContent)
            try await Self.compare(
                .init(name: "stopped session", session: session, authorization: bearer, body: good, status: .gone, takenByFastPath: true),
                client: client)
        }
    }

    /// Sends `variant` through both paths and compares status, fields and body (request ids aside).
    static func compare(_ variant: Variant, client: any TestClientProtocol) async throws {
        let path = "/api/v1/playback/\(variant.session)/heartbeat"
        var headers = variant.headers
        headers[.contentType] = variant.contentType
        if let authorization = variant.authorization { headers[.authorization] = authorization }
        let before = try await fastPathCount(client)
        let wireBefore = try await wireCount(client)
        let fast = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: variant.body))
        let between = try await fastPathCount(client)
        // The test client sends Content-Length bodies: what the fast path takes, it takes from the bytes.
        #expect(try await wireCount(client) - wireBefore == (variant.takenByFastPath ? 1 : 0), "\(variant.name): taken from the bytes")
        let router = try await client.execute(uri: path + "?via=router", method: .post, headers: headers, body: ByteBuffer(string: variant.body))
        let after = try await fastPathCount(client)
        #expect(between - before == (variant.takenByFastPath ? 1 : 0), "\(variant.name): fast path taken")
        #expect(after == between, "\(variant.name): a query string goes to the router")
        #expect(fast.status == variant.status, "\(variant.name)")
        #expect(router.status == variant.status, "\(variant.name)")
        let names = { (response: TestResponse) in Set(response.headers.map { $0.name.canonicalName }) }
        #expect(names(fast) == names(router), "\(variant.name)")
        for name in [HTTPField.Name.contentType, .contentLength, .server, .wwwAuthenticate, .accessControlAllowOrigin, .vary,
                     .accessControlAllowCredentials, .accessControlExposeHeaders] {
            #expect(fast.headers[name] == router.headers[name], "\(variant.name): \(name)")
        }
        #expect(fast.headers[.date] != nil)
        if let supplied = variant.headers[RequestLifecycleMiddleware.requestIdHeader] {
            #expect(fast.headers[RequestLifecycleMiddleware.requestIdHeader] == supplied)
        }
        #expect(try normalized(fast) == normalized(router), "\(variant.name)")
    }

    /// The body with `requestId` taken out (each request has its own), checked against the response's field.
    static func normalized(_ response: TestResponse) throws -> NSDictionary {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
        var copy = object
        if let id = copy.removeValue(forKey: "requestId") as? String {
            #expect(id == response.headers[RequestLifecycleMiddleware.requestIdHeader])
        }
        return copy as NSDictionary
    }

    static func fastPathCount(_ client: any TestClientProtocol) async throws -> Int {
        try await counter("http_heartbeat_fast_path_total", client)
    }

    /// Heartbeats answered from the connection's bytes (`HeartbeatWireHandler`), part of `fastPathCount`.
    static func wireCount(_ client: any TestClientProtocol) async throws -> Int {
        try await counter("http_heartbeat_fast_path_wire_total", client)
    }

    static func counter(_ name: String, _ client: any TestClientProtocol) async throws -> Int {
        let text = String(buffer: try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil).body)
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return Int(try #require(line).split(separator: " ").last.flatMap { Double($0) } ?? -1)
    }

    /// A basic-plan viewer playing a ready video: the viewer and the session id.
    static func playingViewer(_ client: any TestClientProtocol, _ app: AppDependencies) async throws -> (Viewer, String) {
        let owner = try await client.signUp()
        let video = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
        let viewer = try await client.viewer(app, plan: "basic")
        let session = try #require(try JSON(try await client.play(video, viewer).body)["sessionId"]?.string)
        return (viewer, session)
    }

    /// A heartbeat as raw HTTP/1.1 bytes with a `Content-Length` body; `extra` is more header lines (CRLF-ended).
    static func rawHeartbeat(session: String, token: String, body: String, id: String, extra: String = "") -> String {
        "POST /api/v1/playback/\(session)/heartbeat HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nX-Request-Id: \(id)\r\n\(extra)\r\n\(body)"
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAndConnectionCloseIsHonoured() async throws {
        try await withLiveApp { client, app in
            let (viewer, session) = try await Self.playingViewer(client, app)
            let port = try #require(client.port)
            let body = #"{"positionSeconds":7,"rendition":"480p","bufferHealthSeconds":3,"bitrate":900000}"#
            func heartbeat(_ id: String, token: String = viewer.access, body: String = body, extra: String = "") -> String {
                Self.rawHeartbeat(session: session, token: token, body: body, id: id, extra: extra)
            }
            func get(_ id: String, _ path: String) -> String {
                "GET \(path) HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(viewer.access)\r\nX-Request-Id: \(id)\r\n\r\n"
            }
            let chunked = "POST /api/v1/playback/\(session)/heartbeat HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(viewer.access)\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nX-Request-Id: r9\r\n\r\n"
                + String(body.utf8.count / 2, radix: 16) + "\r\n" + String(body.prefix(body.utf8.count / 2)) + "\r\n"
                + String(body.utf8.count - body.utf8.count / 2, radix: 16) + "\r\n" + String(body.dropFirst(body.utf8.count / 2)) + "\r\n0\r\n\r\n"
            // Heartbeats only, written at once: each is answered on the fast path in turn, the next one waiting
            // (held, reading paused) until the one before is written — a refused one and a chunked one included.
            let fastOnes = [heartbeat("f1"), heartbeat("f2"), heartbeat("f3", token: "nope"), chunked, heartbeat("f5")]
            var before = try await Self.fastPathCount(client)
            var wireBefore = try await Self.wireCount(client)
            let answered = try await RawHTTP.exchange(port: port, bytes: fastOnes.joined(), count: fastOnes.count)
            #expect(answered.map(\.requestId) == ["f1", "f2", "f3", "r9", "f5"])
            #expect(answered.map(\.status) == [200, 200, 401, 200, 200])
            #expect(try await Self.fastPathCount(client) - before == 5)
            // The first three from the bytes; the chunked one hands the connection to the decoder, where the parts
            // handler takes it and the last.
            #expect(try await Self.wireCount(client) - wireBefore == 3)

            // Heartbeats between router requests, and one the router takes (escaped string), written at once: a
            // heartbeat behind a request the router still owes an answer to goes to the router too, so the order
            // holds whichever path answers.
            let requests = [
                heartbeat("r1"), get("r2", "/health"), heartbeat("r3"), heartbeat("r4", token: "nope"), get("r5", "/api/v1/me/streams"),
                heartbeat("r6", body: #"{"positionSeconds":8,"rendition":"4\u00380p","bufferHealthSeconds":3,"bitrate":1}"#),
                heartbeat("r7"), heartbeat("r8"), chunked,
            ]
            before = try await Self.fastPathCount(client)
            wireBefore = try await Self.wireCount(client)
            let responses = try await RawHTTP.exchange(port: port, bytes: requests.joined(), count: requests.count)
            #expect(responses.map(\.requestId) == (1...9).map { "r\($0)" })
            #expect(responses.map(\.status) == [200, 200, 200, 401, 200, 200, 200, 200, 200])
            let isHeartbeat = responses.map { $0.body.contains("nextHeartbeatSeconds") }
            #expect(isHeartbeat == [true, false, true, false, false, true, true, true, true])
            let taken = try await Self.fastPathCount(client) - before
            #expect((1...6).contains(taken), "r1 at least; never r6")
            #expect(try await Self.wireCount(client) - wireBefore >= 1, "r1 from the bytes")

            // A chunked heartbeat that grows past the 4 KiB limit while the fast path reads it: handed to the router
            // with what was read so far (413), and the next heartbeat on the connection is still answered, in order.
            let big = String(repeating: " ", count: 3000)
            let oversized = "POST /api/v1/playback/\(session)/heartbeat HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(viewer.access)\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nX-Request-Id: big\r\n\r\n"
                + String(big.utf8.count, radix: 16) + "\r\n" + big + "\r\n" + String(big.utf8.count, radix: 16) + "\r\n" + big + "\r\n0\r\n\r\n"
            before = try await Self.fastPathCount(client)
            let afterBig = try await RawHTTP.exchange(port: port, bytes: oversized + heartbeat("after-big"), count: 2)
            #expect(afterBig.map(\.requestId) == ["big", "after-big"])
            #expect(afterBig.map(\.status) == [413, 200])
            #expect(try await Self.fastPathCount(client) - before <= 1)

            // Connection: close — answered, then closed by the server.
            let closing = try await RawHTTP.exchange(
                port: port, bytes: heartbeat("c1", extra: "Connection: close\r\n") + heartbeat("c2"), count: 2, untilClosed: true)
            #expect(closing.map(\.requestId) == ["c1"])
            #expect(closing.map(\.status) == [200])
        }
    }

    /// One keep-alive connection used the way a player uses it: other requests (one with a body arriving after its
    /// head) between heartbeats, and heartbeats arriving in small pieces. The bytes reader hands the other requests
    /// to the decoder and still takes the heartbeats after them.
    @Test func aKeepAliveConnectionMixesHeartbeatsWithOtherRequests() async throws {
        try await withLiveApp { client, app in
            let (viewer, session) = try await Self.playingViewer(client, app)
            let port = try #require(client.port)
            let body = #"{"positionSeconds":9,"rendition":"480p"}"#
            let heartbeat = { (id: String) in Self.rawHeartbeat(session: session, token: viewer.access, body: body, id: id) }
            let login = #"{"email":"nobody@example.com","password":"not the password"}"#
            let loginHead = "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(login.utf8.count)\r\nX-Request-Id: login\r\n\r\n"
            let dribbled = heartbeat("h2")
            let pieces = stride(from: 0, to: dribbled.utf8.count, by: 7).map { start in
                String(decoding: Array(dribbled.utf8)[start..<min(start + 7, dribbled.utf8.count)], as: UTF8.self)
            }
            let before = try await Self.fastPathCount(client)
            let wireBefore = try await Self.wireCount(client)
            let responses = try await RawHTTP.conversation(
                port: port,
                turns: [
                    (["GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: g1\r\n\r\n"], 1),
                    ([heartbeat("h1")], 1),
                    ([loginHead, String(login.prefix(20)), String(login.dropFirst(20))], 1),
                    (pieces, 1),
                    ([heartbeat("h3") + "GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: g2\r\n\r\n" + heartbeat("h4")], 3),
                ])
            #expect(responses.map(\.requestId) == ["g1", "h1", "login", "h2", "h3", "g2", "h4"])
            #expect(responses.map(\.status) == [200, 200, 401, 200, 200, 200, 200])
            // h1, h2 and h3 from the bytes (after a GET, after a body that came in pieces, in 7-byte pieces); h4 comes
            // in the same write right behind a GET the router still owes, so it is handed on, and the router answers it.
            #expect(try await Self.wireCount(client) - wireBefore == 3)
            #expect(try await Self.fastPathCount(client) - before == 3)
        }
    }
}

/// A minimal HTTP/1.1 client over a raw socket, for what HTTP clients hide (pipelining, connection close).
enum RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
        var requestId: String? { headers["x-request-id"] }
    }

    struct Timeout: Error {}

    /// Turns on one connection: each writes its pieces (a short pause between them) and waits for its responses.
    static func conversation(port: Int, turns: [([String], Int)]) async throws -> [Response] {
        try await withConnection(port: port) { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            var received = ByteBuffer()
            var responses: [Response] = []
            var expected = 0
            for (pieces, count) in turns {
                for piece in pieces {
                    try await outbound.write(ByteBuffer(string: piece))
                    try await Task.sleep(for: .milliseconds(5))
                }
                expected += count
                while responses.count < expected, let chunk = try await iterator.next() {
                    received.writeImmutableBuffer(chunk)
                    responses = parse(received)
                }
            }
            return responses
        }
    }

    /// Writes `bytes` at once and reads until `count` responses arrived (or, with `untilClosed`, until the server
    /// closes the connection); fails after 20 s.
    static func exchange(port: Int, bytes: String, count: Int, untilClosed: Bool = false) async throws -> [Response] {
        try await withConnection(port: port) { inbound, outbound in
            try await outbound.write(ByteBuffer(string: bytes))
            var received = ByteBuffer()
            var responses: [Response] = []
            for try await chunk in inbound {
                received.writeImmutableBuffer(chunk)
                responses = parse(received)
                if !untilClosed && responses.count >= count { break }
            }
            return responses
        }
    }

    /// Runs `body` on a new connection to the server, closing it afterwards; fails after 20 s.
    static func withConnection(
        port: Int,
        _ body: @escaping @Sendable (NIOAsyncChannelInboundStream<ByteBuffer>, NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> [Response]
    ) async throws -> [Response] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: [Response].self) { group in
            group.addTask { try await channel.executeThenClose(body) }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                throw Timeout()
            }
            let result = try await group.next() ?? []
            group.cancelAll()
            return result
        }
    }

    /// Complete responses at the start of `buffer` (each with a Content-Length, as zviewer's are).
    static func parse(_ buffer: ByteBuffer) -> [Response] {
        var bytes = Array(buffer.readableBytesView)[...]
        var responses: [Response] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while let end = bytes.firstRange(of: separator) {
            let head = String(decoding: bytes[bytes.startIndex..<end.lowerBound], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = headers["content-length"].flatMap { Int($0) } ?? 0
            guard bytes.endIndex - end.upperBound >= length, statusLine.count >= 2, let status = Int(statusLine[1]) else { break }
            let body = String(decoding: bytes[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
            responses.append(Response(status: status, headers: headers, body: body))
            bytes = bytes[(end.upperBound + length)...]
        }
        return responses
    }
}
