import Adapters
import Domain
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import PostgresNIO
import Testing

@testable import Server

/// What a client sees on the wire, below any HTTP library, against `zviewer serve` in its own process: every request
/// goes through NIO's HTTP/1 decoder and the router, so a connection's cost is bounded by what it has in flight.
@Suite struct WireTests {
    /// A heartbeat without credentials, padded to about 1 KiB, that the server answers 401 after reading it whole.
    static func paddedHeartbeat(_ number: Int) -> String {
        let body = #"{"positionSeconds": \#(number)}"#
        return "POST /api/v1/playback/\(UUID().uuidString.lowercased())/heartbeat HTTP/1.1\r\nHost: t\r\n"
            + "X-Padding: \(String(repeating: "p", count: 900))\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    @Test func aConnectionsMemoryStaysFlatOver10000PipelinedRequests() async throws {
        let server = try await ServerProcess()
        let socket = try RawSocket(port: server.port)
        var pending: [UInt8] = []
        var answered = 0
        var residentAfterWarmUp = 0
        for round in 0..<100 {
            // 100 requests per round, written in 4 KiB pieces that end in the middle of requests.
            let bytes = Array((0..<100).map { Self.paddedHeartbeat(round * 100 + $0) }.joined().utf8)
            for start in stride(from: 0, to: bytes.count, by: 4096) {
                try socket.send(Array(bytes[start..<min(start + 4096, bytes.count)]))
            }
            let responses = socket.readResponses(100, pending: &pending)
            #expect(responses.count == 100 && responses.allSatisfy { $0.status == 401 }, "round \(round)")
            answered += responses.count
            if round == 9 { residentAfterWarmUp = server.residentKiB }
        }
        let residentAtEnd = server.residentKiB
        #expect(answered == 10_000)
        // 9,000 requests (~9 MiB) went through after the warm-up; a reader that kept unread bytes would hold them all.
        #expect(residentAtEnd - residentAfterWarmUp < 4096, "RSS grew from \(residentAfterWarmUp) KiB to \(residentAtEnd) KiB")
    }

    @Test func aBodySentAByteAtATimeCostsInProportionToItsBytes() async throws {
        let server = try await ServerProcess()
        // A login whose JSON body is padded with spaces, each byte its own segment: the server reads it all and
        // answers 401. Returns the server's CPU time while the body arrived.
        func cpu(bodyBytes: Int) throws -> Int {
            let json =
                #"{"email":"nobody@example.com","password":"long enough password""# + String(repeating: " ", count: bodyBytes - 63) + "}"
            let socket = try RawSocket(port: server.port)
            try socket.send(
                "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n"
            )
            let before = server.cpuNanoseconds
            for byte in json.utf8 {
                try socket.send([byte])
                usleep(100)
            }
            var pending: [UInt8] = []
            let answer = socket.readResponses(1, pending: &pending)
            #expect(answer.first?.status == 401)
            return server.cpuNanoseconds - before
        }
        _ = try cpu(bodyBytes: 500)
        let small = try cpu(bodyBytes: 1000)
        let large = try cpu(bodyBytes: 4000)
        // Four times the bytes, about four times the work: a reader that scanned what it holds again on every read
        // would cost sixteen times.
        #expect(large <= 8 * small, "server CPU: 1,000 bytes \(small / 1000) µs, 4,000 bytes \(large / 1000) µs")
    }

    @Test func aClientThatDoesNotReadHoldsNoMoreThanOneRequestsFile() async throws {
        let server = try await ServerProcess()
        let (videoId, token) = try await Self.publishedVideo(on: server)
        let baseline = server.openDescriptors
        let socket = try RawSocket(port: server.port)
        // 300 pipelined requests for whole segments and 1-byte ranges, and nothing read back.
        var requests = ""
        for number in 0..<300 {
            let range = number % 2 == 0 ? "Range: bytes=0-0\r\n" : ""
            requests += "GET /media/\(videoId)/seg-1-00001.m4s?token=\(token) HTTP/1.1\r\nHost: t\r\n\(range)\r\n"
        }
        try socket.send(requests)
        try await Task.sleep(for: .seconds(1))
        let held = server.openDescriptors
        // The connection's own socket and at most the one file being sent.
        #expect(held - baseline <= 3, "descriptors: \(baseline) before, \(held) with the connection backed up")
    }

    @Test func aHalfClosedClientStillGetsItsAnswer() async throws {
        let server = try await ServerProcess()
        let socket = try RawSocket(port: server.port)
        let body = #"{"email":"nobody@example.com","password":"long enough password"}"#
        // A login (a bcrypt verification's time) and a health check, then the client closes its sending side.
        try socket.send(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        socket.shutdownWrite()
        let answers = RawResponse.all(socket.readToEnd())
        #expect(answers.map(\.status) == [401, 200])
    }

    /// Byte sequences that two HTTP/1 readers could frame differently.
    static let ambiguous: [(name: String, bytes: String)] = [
        (
            "a body longer than its Content-Length, then a request",
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nX-Request-Id: r1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}EXTRA"
                + "GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r3\r\n\r\n"
        ),
        (
            "Transfer-Encoding together with Content-Length",
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nX-Request-Id: r1\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
        ),
        (
            "bare LF line ends",
            "GET /health HTTP/1.1\nHost: t\nX-Request-Id: r1\n\nGET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
        ),
        (
            "an obs-folded header",
            "GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r1\r\nX-Folded: a\r\n b\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
        ),
        (
            "a tab after the Content-Length digits",
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nX-Request-Id: r1\r\nContent-Type: application/json\r\nContent-Length: 2\t\r\n\r\n{}"
                + "GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
        ),
        (
            "Proxy-Connection: close",
            "GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r1\r\nProxy-Connection: close\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
        ),
    ]

    /// The request ids of the heads NIO's HTTP/1 decoder reads from `bytes`, in order, up to its first error.
    static func headsNIOSees(_ bytes: String) throws -> [String] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)))
        defer { _ = try? channel.finish() }
        try? channel.writeInbound(ByteBuffer(string: bytes))
        var ids: [String] = []
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(let head) = part { ids.append(head.headers["X-Request-Id"].first ?? "?") }
        }
        return ids
    }

    @Test(arguments: WireTests.ambiguous.indices)
    func exactlyTheRequestsNIOsDecoderSeesAreAnsweredInOrder(_ index: Int) async throws {
        let (name, bytes) = Self.ambiguous[index]
        let expected = try Self.headsNIOSees(bytes)
        let server = try await ServerProcess()
        let socket = try RawSocket(port: server.port, receiveTimeout: 3)
        try socket.send(bytes)
        let answers = RawResponse.all(socket.readToEnd())
        // Answers to requests carry their id back; a framing error may add one 400 without it, then the server closes.
        let answered = answers.compactMap { $0.header("X-Request-Id") }.filter { $0.hasPrefix("r") }
        let extra = answers.filter { $0.header("X-Request-Id")?.hasPrefix("r") != true }
        #expect(answered == expected, "\(name): NIO saw \(expected), the server answered \(answered)")
        #expect(extra.allSatisfy { $0.status == 400 }, "\(name): \(extra.map(\.status))")
    }

    /// A ready video in the server's storage and database, and a media token for it (signed with the key the server
    /// derives from the same JWT secret).
    static func publishedVideo(on server: ServerProcess) async throws -> (video: String, token: String) {
        let socket = try RawSocket(port: server.port)
        let email = "wire-\(UUID().uuidString.prefix(8))@example.com"
        let body = #"{"email":"\#(email)","password":"long enough password","displayName":"Wire"}"#
        try socket.send(
            "POST /api/v1/auth/register HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        )
        let registered = try #require(RawResponse.all(socket.readToEnd()).first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(registered.body)) as? [String: Any])
        let ownerId = try #require((json["user"] as? [String: Any])?["id"] as? String)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let dependencies = try await AppDependencies.make(config: try TestSettings.config(["DATA_DIR": server.dataDir]), logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await dependencies.postgres.run() }
            defer { group.cancelAll() }
            let videoId = try await PlaybackFixtures.readyVideo(dependencies, ownerId: ownerId)
            let grant = MediaGrant(
                videoId: videoId, sessionId: UUID(), expiresAt: Date().addingTimeInterval(3600),
                renditions: (0..<4).map { GrantedRendition(representationId: $0, name: "r\($0)") })
            return (videoId.uuidString.lowercased(), dependencies.ports.mediaTokens.sign(grant))
        }
    }
}
