import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// The media fast path (`MediaFastPath`, files sent with `sendfile` from the connection's bytes) against the
/// router's media route, on a live server with local storage: every variant is sent once as is (the fast path may
/// take it) and once with `&via=router` (a query the fast path never takes, and the router ignores); status, fields
/// (but `Date` and the request id) and body bytes must be the same. The metrics counter tells which path answered.
@Suite(.serialized) struct MediaFastPathTests {
    static let origin = "https://player.example"

    struct Variant {
        var name: String
        var url: String
        var headers: HTTPFields = [:]
        var status: HTTPResponse.Status
        var taken: Bool
    }

    @Test func everyVariantIsAnsweredLikeTheRouterWould() async throws {
        try await withLiveApp(["CORS_ALLOWED_ORIGINS": Self.origin]) { client, app in
            let viewer = try await client.viewer(app)  // free: 480p and below
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer).body)
            let hls = try #require(play["hlsUrl"]?.string)
            let dash = try #require(play["dashUrl"]?.string)
            let poster = try #require(play["posterUrl"]?.string)
            let token = try #require(hls.split(separator: "token=").last.map(String.init))
            let id = videoId.uuidString.lowercased()
            let media = "/media/\(id)/"
            // The free plan's rungs are 480p (representation 1) and 360p; 720p (0) is above it.
            let playlistURL = media + "hls-480p.m3u8?token=" + token
            for manifest in [hls, playlistURL, dash] {
                // The router stores manifests in the cache it shares with the fast path.
                #expect(try await client.media(manifest + "&via=router").status == .ok)
            }
            let segment = media + "seg-1-00001.m4s?token=" + token
            let initSegment = media + "init-1.mp4?token=" + token
            let size = try PlaybackFixtures.stored(app, videoId, "seg-1-00001.m4s").count
            let etag = try #require(try await client.media(segment + "&via=router").headers[.eTag])
            let masterTag = try #require(try await client.media(hls + "&via=router").headers[.eTag])
            let tampered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BB" : "AA")

            let variants: [Variant] = [
                .init(name: "master playlist", url: hls, status: .ok, taken: true),
                .init(name: "master playlist, If-None-Match", url: hls, headers: [.ifNoneMatch: masterTag], status: .notModified, taken: true),
                .init(name: "media playlist", url: playlistURL, status: .ok, taken: true),
                .init(name: "DASH manifest", url: dash, status: .ok, taken: true),
                .init(name: "segment", url: segment, status: .ok, taken: true),
                .init(name: "init segment", url: initSegment, status: .ok, taken: true),
                .init(name: "poster", url: poster, status: .ok, taken: true),
                .init(name: "upper-case video id", url: "/media/\(id.uppercased())/seg-1-00001.m4s?token=" + token, status: .ok, taken: true),
                .init(name: "first byte", url: segment, headers: [.range: "bytes=0-0"], status: .partialContent, taken: true),
                .init(name: "last byte", url: segment, headers: [.range: "bytes=\(size - 1)-\(size - 1)"], status: .partialContent, taken: true),
                .init(name: "suffix range", url: segment, headers: [.range: "bytes=-100"], status: .partialContent, taken: true),
                .init(name: "open range", url: segment, headers: [.range: "bytes=10-"], status: .partialContent, taken: true),
                .init(name: "range past the end", url: segment, headers: [.range: "bytes=\(size)-"], status: .rangeNotSatisfiable, taken: true),
                .init(name: "multiple ranges (ignored)", url: segment, headers: [.range: "bytes=0-1,5-6"], status: .ok, taken: true),
                .init(name: "matching ETag", url: segment, headers: [.ifNoneMatch: etag], status: .notModified, taken: true),
                .init(name: "other ETag", url: segment, headers: [.ifNoneMatch: "\"other\""], status: .ok, taken: true),
                .init(name: "allowed origin, request id", url: segment,
                      headers: [.origin: Self.origin, .range: "bytes=0-99", RequestLifecycleMiddleware.requestIdHeader: "player-7"],
                      status: .partialContent, taken: true),
                .init(name: "other origin", url: segment, headers: [.origin: "https://evil.example"], status: .ok, taken: true),
                // Left to the router: denials, misses and anything the fast path does not read itself.
                .init(name: "no token", url: media + "seg-1-00001.m4s", status: .forbidden, taken: false),
                .init(name: "tampered token", url: media + "seg-1-00001.m4s?token=" + tampered, status: .forbidden, taken: false),
                .init(name: "rung above the plan", url: media + "seg-0-00001.m4s?token=" + token, status: .forbidden, taken: false),
                .init(name: "another video's id", url: "/media/\(UUID().uuidString.lowercased())/seg-1-00001.m4s?token=" + token,
                      status: .forbidden, taken: false),
                .init(name: "no such segment", url: media + "seg-1-09999.m4s?token=" + token, status: .notFound, taken: false),
                .init(name: "not a package file", url: media + "secret.txt?token=" + token, status: .notFound, taken: false),
                .init(name: "percent-encoded name", url: media + "seg-1-00001%2Em4s?token=" + token, status: .notFound, taken: false),
                .init(name: "credentials sent", url: segment, headers: [.authorization: "Bearer \(viewer.access)"], status: .ok, taken: false),
                .init(name: "two Range fields", url: segment,
                      headers: HTTPFields([HTTPField(name: .range, value: "bytes=0-0"), HTTPField(name: .range, value: "bytes=1-1")]),
                      status: .ok, taken: false),
            ]
            for variant in variants {
                try await Self.compare(variant, client: client)
            }
            // A manifest not in the cache yet goes to the router (which reads it from storage and caches it).
            app.manifestSources.removeAll()
            try await Self.compare(.init(name: "manifest not cached", url: hls, status: .ok, taken: false), client: client)
            try await Self.compare(.init(name: "manifest cached again", url: hls, status: .ok, taken: true), client: client)
        }
    }

    /// Sends `variant` through both paths and compares status, fields and body bytes.
    static func compare(_ variant: Variant, client: any TestClientProtocol) async throws {
        let before = try await HeartbeatFastPathTests.counter("http_media_fast_path_total", client)
        let fast = try await client.media(variant.url, headers: variant.headers)
        let between = try await HeartbeatFastPathTests.counter("http_media_fast_path_total", client)
        let separator = variant.url.contains("?") ? "&" : "?"
        let router = try await client.media(variant.url + separator + "via=router", headers: variant.headers)
        let after = try await HeartbeatFastPathTests.counter("http_media_fast_path_total", client)
        #expect(between - before == (variant.taken ? 1 : 0), "\(variant.name): fast path taken")
        #expect(after == between, "\(variant.name): another query goes to the router")
        #expect(fast.status == variant.status, "\(variant.name)")
        #expect(router.status == variant.status, "\(variant.name)")
        var fastFields = fast.headers
        var routerFields = router.headers
        #expect(fastFields[.date] != nil && fastFields[RequestLifecycleMiddleware.requestIdHeader] != nil, "\(variant.name)")
        if let supplied = variant.headers[RequestLifecycleMiddleware.requestIdHeader] {
            #expect(fastFields[RequestLifecycleMiddleware.requestIdHeader] == supplied, "\(variant.name)")
        }
        for name in [HTTPField.Name.date, RequestLifecycleMiddleware.requestIdHeader] {
            fastFields[name] = nil
            routerFields[name] = nil
        }
        let sorted = { (fields: HTTPFields) in fields.map { "\($0.name.canonicalName): \($0.value)" }.sorted() }
        #expect(sorted(fastFields) == sorted(routerFields), "\(variant.name)")
        if variant.status == .ok || variant.status == .partialContent {
            // Manifests carry the token of the URL they were fetched with; the router's has `&via=router` only in
            // what it did not rewrite (nothing), so the bytes are the same.
            #expect(fast.body == router.body, "\(variant.name): body")
        }
    }

    /// One connection, pipelined: a segment range, a heartbeat, the playlist, a whole segment and a request the
    /// router answers, in one write; the answers come back in order with the right lengths.
    @Test func pipelinedMediaRequestsAreAnsweredInOrder() async throws {
        try await withLiveApp { client, app in
            let viewer = try await client.viewer(app, plan: "basic")
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer).body)
            let session = try #require(play["sessionId"]?.string)
            let hls = try #require(play["hlsUrl"]?.string)
            #expect(try await client.media(hls + "&via=router").status == .ok)
            let token = try #require(hls.split(separator: "token=").last.map(String.init))
            let segment = "/media/\(videoId.uuidString.lowercased())/seg-1-00001.m4s?token=" + token
            let size = try PlaybackFixtures.stored(app, videoId, "seg-1-00001.m4s").count
            let get = { (target: String, id: String, extra: String) in "GET \(target) HTTP/1.1\r\nHost: t\r\nX-Request-Id: \(id)\r\n\(extra)\r\n" }
            let heartbeat = HeartbeatFastPathTests.rawHeartbeat(
                session: session, token: viewer.access, body: #"{"positionSeconds":3}"#, id: "hb")
            let bytes = get(segment, "range", "Range: bytes=0-99\r\n") + heartbeat + get(hls, "master", "")
                + get(segment, "whole", "") + get("/health", "health", "") + get(segment, "tail", "Range: bytes=-10\r\n")
            let before = try await HeartbeatFastPathTests.counter("http_media_fast_path_total", client)
            let responses = try await RawHTTP.exchange(port: try #require(client.port), bytes: bytes, count: 6)
            #expect(responses.map(\.requestId) == ["range", "hb", "master", "whole", "health", "tail"])
            #expect(responses.map(\.status) == [206, 200, 200, 200, 200, 206])
            #expect(responses.map { $0.headers["content-length"] } == ["100", responses[1].headers["content-length"], responses[2].headers["content-length"], "\(size)", responses[4].headers["content-length"], "10"])
            // The range, the playlist and the whole segment from the bytes; the last range comes behind a request
            // the router still owes, so it is handed on (HTTP/1.1 order).
            #expect(try await HeartbeatFastPathTests.counter("http_media_fast_path_total", client) - before == 3)
        }
    }
}
