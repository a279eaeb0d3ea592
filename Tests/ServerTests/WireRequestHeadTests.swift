import Domain
import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import Server

/// `WireRequestHead`, the strict head reader in front of the HTTP/1 decoder. Whenever it claims to know where a
/// request ends (a heartbeat or another request), NIO's HTTP/1 decoder — the one behind it on the connection — must
/// read the very same request from the same bytes and start the next request at the same byte. Checked on a table
/// of inputs and on thousands of seeded random mutations of real requests.
@Suite struct WireRequestHeadTests {
    static let session = "0b6e4c1c-4f3a-4a57-9d7e-2a1f6a1c9e11"
    static let body = #"{"positionSeconds":3}"#
    static func heartbeat(_ extra: String = "", body: String = body, target: String? = nil) -> String {
        "POST \(target ?? "/api/v1/playback/\(session)/heartbeat") HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer abc.def\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
    }

    static func parse(_ text: String) -> WireRequestHead {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes(WireRequestHead.parse)
    }

    @Test func aHeartbeatIsReadWithTheFieldsTheFastPathNeeds() throws {
        let text = Self.heartbeat("X-Request-Id: r-1\r\nOrigin: https://player.example\r\nConnection: keep-alive\r\n")
        guard case .heartbeat(let head) = Self.parse(text) else {
            Issue.record("not read as a heartbeat")
            return
        }
        #expect(head.headLength == text.utf8.count - Self.body.utf8.count)
        #expect(head.bodyLength == Self.body.utf8.count)
        #expect(head.fields.sessionId.lowercasedString == Self.session)
        #expect(head.fields.path == "/api/v1/playback/\(Self.session)/heartbeat")
        #expect(head.fields.authorization == "Bearer abc.def")
        #expect(head.fields.contentType == "application/json")
        #expect(head.fields.requestId == "r-1")
        #expect(head.fields.origin == "https://player.example")
        // Upper-case id and field names in any case.
        let upper = "POST /api/v1/playback/\(Self.session.uppercased())/heartbeat HTTP/1.1\r\nCONTENT-LENGTH: 2\r\ncontent-TYPE:application/json \r\n\r\n{}"
        guard case .heartbeat(let other) = Self.parse(upper) else {
            Issue.record("upper-case variant not read as a heartbeat")
            return
        }
        #expect(other.fields.contentType == "application/json")
        #expect(other.bodyLength == 2)
    }

    @Test func theTableOfHeads() {
        let head = "POST /api/v1/playback/\(Self.session)/heartbeat HTTP/1.1\r\n"
        let cases: [(String, String, (WireRequestHead) -> Bool)] = [
            ("incomplete request line", "POST /api/v1/pla", { $0 == .incomplete }),
            ("incomplete fields", head + "Content-Length: 2\r\nHost", { $0 == .incomplete }),
            ("CR at the very end", head + "Content-Length: 2\r", { $0 == .incomplete }),
            ("GET without a body", "GET /health HTTP/1.1\r\nHost: a\r\n\r\n", { $0 == .other(headLength: 33, bodyLength: 0) }),
            ("POST with a body", "POST /api/v1/auth/login HTTP/1.1\r\nContent-Length: 10\r\n\r\n", { $0 == .other(headLength: 56, bodyLength: 10) }),
            ("heartbeat with a query", Self.heartbeat(target: "/api/v1/playback/\(Self.session)/heartbeat?via=router"), { if case .other = $0 { true } else { false } }),
            ("heartbeat with a bad id", Self.heartbeat(target: "/api/v1/playback/0b6e4c1c-4f3a-4a57-9d7e-2a1f6a1c9e1z/heartbeat"), { if case .other = $0 { true } else { false } }),
            ("heartbeat without Content-Length", head + "Host: a\r\n\r\n", { $0 == .other(headLength: head.utf8.count + 11, bodyLength: 0) }),
            ("heartbeat over 4 KiB", head + "Content-Length: 5000\r\n\r\n", { $0 == .other(headLength: head.utf8.count + 24, bodyLength: 5000) }),
            ("heartbeat with Expect", Self.heartbeat("Expect: 100-continue\r\n"), { if case .other = $0 { true } else { false } }),
            ("two Authorization fields", Self.heartbeat("Authorization: Bearer x\r\n"), { if case .other = $0 { true } else { false } }),
            ("two Origin fields", Self.heartbeat("Origin: a\r\nOrigin: b\r\n"), { if case .other = $0 { true } else { false } }),
            ("GET heartbeat path", "GET /api/v1/playback/\(Self.session)/heartbeat HTTP/1.1\r\n\r\n", { if case .other = $0 { true } else { false } }),
            ("media GET", "GET /media/v/seg.m4s?token=t HTTP/1.1\r\nRange: bytes=0-1\r\nIf-None-Match: \"e\"\r\nOrigin: o\r\nX-Request-Id: r\r\n\r\n", {
                $0 == .media(WireMedia(headLength: 107, target: "/media/v/seg.m4s?token=t", range: "bytes=0-1", ifNoneMatch: "\"e\"", requestId: "r", origin: "o"))
            }),
            ("media GET with credentials", "GET /media/v/a HTTP/1.1\r\nAuthorization: Bearer x\r\n\r\n", { if case .other = $0 { true } else { false } }),
            ("media GET with a body", "GET /media/v/a HTTP/1.1\r\nContent-Length: 0\r\n\r\n", { if case .other = $0 { true } else { false } }),
            ("media GET with two Range fields", "GET /media/v/a HTTP/1.1\r\nRange: bytes=0-0\r\nRange: bytes=1-1\r\n\r\n", { if case .other = $0 { true } else { false } }),
            ("media HEAD", "HEAD /media/v/a HTTP/1.1\r\n\r\n", { if case .other = $0 { true } else { false } }),
            ("chunked", head + "Transfer-Encoding: chunked\r\n\r\n", { $0 == .unsupported }),
            ("two Content-Length", head + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", { $0 == .unsupported }),
            ("Content-Length with a sign", head + "Content-Length: +2\r\n\r\n{}", { $0 == .unsupported }),
            ("Content-Length list", head + "Content-Length: 2, 2\r\n\r\n{}", { $0 == .unsupported }),
            ("Content-Length too long", head + "Content-Length: 1234567890123456\r\n\r\n", { $0 == .unsupported }),
            ("Connection: close", Self.heartbeat("Connection: close\r\n"), { $0 == .unsupported }),
            ("Connection: keep-alive, Upgrade", Self.heartbeat("Connection: keep-alive, Upgrade\r\n"), { $0 == .unsupported }),
            ("Upgrade", Self.heartbeat("Upgrade: websocket\r\n"), { $0 == .unsupported }),
            ("HTTP/1.0", "GET /health HTTP/1.0\r\n\r\n", { $0 == .unsupported }),
            ("unknown method", "BREW /pot HTTP/1.1\r\n\r\n", { $0 == .unsupported }),
            ("CONNECT", "CONNECT a:443 HTTP/1.1\r\n\r\n", { $0 == .unsupported }),
            ("absolute target", "GET http://a/health HTTP/1.1\r\n\r\n", { $0 == .unsupported }),
            ("space in target", "GET /a b HTTP/1.1\r\n\r\n", { $0 == .unsupported }),
            ("bare LF", "GET /health HTTP/1.1\nHost: a\n\n", { $0 == .unsupported }),
            ("bare CR in a field", "GET /health HTTP/1.1\r\nHost: a\rb\r\n\r\n", { $0 == .unsupported }),
            ("obs-fold", "GET /health HTTP/1.1\r\nHost: a\r\n b\r\n\r\n", { $0 == .unsupported }),
            ("space before colon", "GET /health HTTP/1.1\r\nHost : a\r\n\r\n", { $0 == .unsupported }),
            ("empty field name", "GET /health HTTP/1.1\r\n: a\r\n\r\n", { $0 == .unsupported }),
            ("NUL in a value", "GET /health HTTP/1.1\r\nHost: a\u{0}\r\n\r\n", { $0 == .unsupported }),
            ("DEL in a value", "GET /health HTTP/1.1\r\nHost: a\u{7F}\r\n\r\n", { $0 == .unsupported }),
            ("leading empty line", "\r\nGET /health HTTP/1.1\r\n\r\n", { $0 == .unsupported }),
            ("too many fields", "GET /health HTTP/1.1\r\n" + String(repeating: "A: b\r\n", count: 101) + "\r\n", { $0 == .unsupported }),
            ("head over 16 KiB", "GET /health HTTP/1.1\r\nA: " + String(repeating: "b", count: 17_000), { $0 == .unsupported }),
        ]
        for (name, text, check) in cases {
            let result = Self.parse(text)
            #expect(check(result), "\(name): \(result)")
        }
    }

    /// What NIO's HTTP/1 decoder reads from `bytes`: the first request's head and body length, and the target of
    /// the request that follows (nil when the decoder fails or does not get that far).
    static func decode(_ bytes: [UInt8]) -> (head: HTTPRequestHead, bodyLength: Int, next: String?)? {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        defer { _ = try? channel.finish() }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        do { try channel.writeInbound(buffer) } catch { return nil }
        var head: HTTPRequestHead?
        var bodyLength = 0
        var ended = false
        var next: String?
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let request) where head == nil: head = request
            case .head(let request) where ended: next = request.uri
            case .body(let chunk) where !ended: bodyLength += chunk.readableBytes
            case .end where !ended: ended = true
            default: break
            }
            if next != nil { break }
        }
        guard let head, ended else { return nil }
        return (head, bodyLength, next)
    }

    /// Checks the decoder against the reader on `request` followed by a `GET /next`; returns whether the reader knew
    /// the framing.
    @discardableResult
    static func agrees(_ request: [UInt8], label: String) -> Bool {
        let result = request.withUnsafeBytes(WireRequestHead.parse)
        let framing: (head: Int, body: Int)
        switch result {
        case .heartbeat(let heartbeat): framing = (heartbeat.headLength, heartbeat.bodyLength)
        case .media(let media): framing = (media.headLength, 0)
        case .other(let head, let body): framing = (head, body)
        case .incomplete, .unsupported: return false
        }
        // The request as the reader frames it, then the next one right after.
        guard framing.head + framing.body <= request.count else {
            // The body is not all there yet; the reader waits (the handler keeps the bytes).
            return true
        }
        let bytes = Array(request[..<(framing.head + framing.body)]) + Array("GET /next HTTP/1.1\r\n\r\n".utf8)
        guard let decoded = decode(bytes) else {
            Issue.record("\(label): the reader framed \(framing) but the decoder failed: \(String(decoding: request, as: UTF8.self).debugDescription)")
            return true
        }
        #expect(decoded.bodyLength == framing.body, "\(label): body length")
        #expect(decoded.next == "/next", "\(label): the next request starts where the reader says")
        let line = String(decoding: request.prefix(while: { $0 != 0x0D }), as: UTF8.self).split(separator: " ")
        #expect(decoded.head.method.rawValue == String(line[0]), "\(label): method")
        #expect(decoded.head.uri == String(line[1]), "\(label): target")
        if case .media(let media) = result {
            #expect(decoded.head.method == .GET && decoded.head.uri == media.target, "\(label): media target")
            let fields = decoded.head.headers
            #expect(fields["range"].first == media.range && fields["if-none-match"].first == media.ifNoneMatch, "\(label): media fields")
            #expect(fields["x-request-id"].first == media.requestId && fields["origin"].first == media.origin, "\(label): media fields")
            #expect(!fields.contains(name: "authorization") && !fields.contains(name: "content-length"), "\(label): media fields")
        }
        if case .heartbeat(let heartbeat) = result {
            #expect(decoded.head.method == .POST)
            #expect(decoded.head.uri == heartbeat.fields.path)
            let fields = decoded.head.headers
            #expect(fields["content-type"].first == heartbeat.fields.contentType, "\(label): content-type")
            #expect(fields["authorization"].first == heartbeat.fields.authorization, "\(label): authorization")
            #expect(fields["x-request-id"].first == heartbeat.fields.requestId, "\(label): x-request-id")
            #expect(fields["origin"].first == heartbeat.fields.origin, "\(label): origin")
            #expect(fields["content-type"].count <= 1 && fields["authorization"].count <= 1 && fields["origin"].count <= 1)
            #expect(!fields.contains(name: "expect") && !fields.contains(name: "transfer-encoding"))
        }
        return true
    }

    @Test func theDecoderFramesEveryRequestTheReaderFramesTheSameWay() {
        let seeds: [String] = [
            Self.heartbeat("X-Request-Id: abc\r\nOrigin: https://p.example\r\n"),
            Self.heartbeat("Connection: keep-alive\r\nUser-Agent: player/1.0 (x; y)\r\n"),
            "GET /api/v1/me/streams HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer t\r\n\r\n",
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"email\":\"a@b.c\"}",
            "PATCH /api/v1/uploads/x HTTP/1.1\r\nUpload-Offset: 0\r\nContent-Length: 4\r\n\r\nabcd",
            "DELETE /api/v1/me/streams/\(Self.session) HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
            "GET /media/\(Self.session)/seg-1-00001.m4s?token=abc.def HTTP/1.1\r\nHost: cdn\r\nRange: bytes=0-65535\r\nIf-None-Match: \"a-b\"\r\n\r\n",
        ]
        for (index, seed) in seeds.enumerated() { #expect(Self.agrees(Array(seed.utf8), label: "seed \(index)")) }

        // Seeded mutations: replace, insert or delete bytes near the structure (CR, LF, space, tab, colon, comma,
        // digits, letters, NUL, DEL, obs-text), then compare wherever the reader claims to know the framing.
        var random = SplitMix64(seed: 0x7a76_6965_7765_72)
        let alphabet: [UInt8] = [0x0D, 0x0A, 0x20, 0x09, 0x3A, 0x2C, 0x30, 0x35, 0x61, 0x41, 0x2F, 0x3F, 0x00, 0x7F, 0x80, 0xFF, 0x22, 0x7B]
        var framed = 0, total = 0
        for round in 0..<4000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let position = Int(random.next() % UInt64(bytes.count))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: if bytes.count > 1 { bytes.remove(at: position) }
                }
            }
            total += 1
            if Self.agrees(bytes, label: "mutation \(round)") { framed += 1 }
        }
        // Not vacuous: a good share of the mutations stay in the grammar (in a value, a body, a target).
        #expect(framed > total / 5, "\(framed) of \(total) framed")
    }
}

/// A small seeded generator (SplitMix64), so a failing mutation is found again on the next run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
