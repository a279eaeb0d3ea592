import Domain
import Foundation
import Testing

@testable import Server

@Suite struct ManifestSourceCacheTests {
    @Test func entriesExpireAndTheCacheStaysWithinItsBytes() throws {
        let cache = ManifestSourceCache(maximumBytes: 1000, lifetime: .seconds(30))
        let start = ContinuousClock.now
        let key = try ObjectKey("videos/a/media/master.m3u8")
        cache.store("#EXTM3U\n", for: key, now: start)
        #expect(cache.text(for: key, now: start + .seconds(29)) == "#EXTM3U\n")
        #expect(cache.text(for: key, now: start + .seconds(30)) == nil)
        // Ten 200-byte manifests into 1000 bytes: at most five stay, the newest among them.
        for index in 0..<10 {
            cache.store(String(repeating: "x", count: 200), for: try ObjectKey("videos/a/media/hls-\(index).m3u8"), now: start)
        }
        #expect(cache.count <= 5)
        #expect(cache.text(for: try ObjectKey("videos/a/media/hls-9.m3u8"), now: start) != nil)
        // Too large to be worth holding: not stored.
        let big = try ObjectKey("videos/a/media/big.m3u8")
        cache.store(String(repeating: "y", count: 600), for: big, now: start)
        #expect(cache.text(for: big, now: start) == nil)
    }

    @Test func playlistsAreRenderedFromOneTemplatePerGrantShape() throws {
        let cache = ManifestSourceCache(maximumBytes: 1 << 20, lifetime: .seconds(30))
        let start = ContinuousClock.now
        let key = try ObjectKey("videos/a/media/master.m3u8")
        let master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2\nhls-720p.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhls-480p.m3u8\n"
        func grant(_ names: [String]) -> MediaGrant {
            MediaGrant(
                videoId: UUID(), sessionId: UUID(), expiresAt: .distantFuture,
                renditions: names.enumerated().map { GrantedRendition(representationId: $0.offset, name: $0.element) })
        }
        let query = ChildQuery(token: "T1")
        // Not held: nothing to render from.
        #expect(cache.rendered(for: key, kind: .hlsMaster, grant: grant(["720p", "480p"]), query: query, now: start) == nil)
        cache.store(master, for: key, now: start)
        let textBytes = cache.bytes
        for (names, token) in [(["720p", "480p"], "T1"), (["720p", "480p"], "T2"), (["480p"], "T3"), (["480p"], "T4")] {
            let query = ChildQuery(token: token)
            let rendered = try #require(cache.rendered(for: key, kind: .hlsMaster, grant: grant(names), query: query, now: start))
            #expect(
                String(decoding: rendered.bytes, as: UTF8.self)
                    == ManifestRewriter.rewrite(master, kind: .hlsMaster, grant: grant(names), query: query))
        }
        // Two shapes, two templates, counted in the cache's bytes.
        #expect(cache.templateCount(for: key) == 2)
        #expect(cache.bytes > textBytes)
        // A signed (secure-link) shape is a third.
        let signed = ChildQuery(token: "T5", secureLink: { "md5=x\($0)&expires=1" })
        _ = cache.rendered(for: key, kind: .hlsMaster, grant: grant(["480p"]), query: signed, now: start)
        #expect(cache.templateCount(for: key) == 3)
        // Storing the text again (a new package) drops its templates; an expired text renders nothing.
        cache.store(master, for: key, now: start + .seconds(1))
        #expect(cache.templateCount(for: key) == 0 && cache.bytes == textBytes)
        #expect(cache.rendered(for: key, kind: .hlsMaster, grant: grant(["480p"]), query: query, now: start + .seconds(31)) == nil)
        // At most `templatesPerText` shapes are kept per text; the rest are still rendered right.
        for count in 1...(ManifestSourceCache.templatesPerText + 4) {
            let names = (0..<count).map { "r\($0)" }
            let rendered = try #require(
                cache.rendered(for: key, kind: .hlsMaster, grant: grant(names), query: query, now: start + .seconds(2)))
            #expect(
                String(decoding: rendered.bytes, as: UTF8.self)
                    == ManifestRewriter.rewrite(master, kind: .hlsMaster, grant: grant(names), query: query))
        }
        #expect(cache.templateCount(for: key) == ManifestSourceCache.templatesPerText)
    }
}
