import Crypto
import Domain
import Foundation
import NIOCore
import Testing

@testable import Server

/// A rendered manifest's `ETag` is derived from what its bytes are made of instead of from the bytes: it must still
/// be a strong validator (the same bytes whenever the tag is the same), and the same for the same manifest however
/// it was made (from a cached template, a template made on the spot, or a text the cache did not keep).
@Suite struct RenderedManifestTests {
    static let renditions = ManifestTemplateTests.renditions

    static func signer(_ secret: String) -> @Sendable (Int) -> String {
        { id in "md5=\(secret)\(id)&expires=2000000000" }
    }

    static func rendered(_ text: String, kind: ManifestKind, grant: MediaGrant, query: ChildQuery) -> RenderedManifest {
        RenderedManifest(text: text, kind: kind, grant: grant, query: query)
    }

    @Test func theBytesAreTheRewritersAndTheSizeIsKnownFirst() throws {
        var random = SplitMix64(seed: 0xE7A6)
        for round in 0..<200 {
            let kind = [ManifestKind.hlsMaster, .hlsMedia, .dash, .storyboardTrack][round % 4]
            let text = ManifestTemplateTests.text(kind, &random)
            let grant = ManifestTemplateTests.grant(Self.renditions.filter { _ in Bool.random(using: &random) })
            for query in [ChildQuery(token: "djF8a.b-c_d"), ChildQuery(token: "a&b", secureLink: Self.signer("s&x"))] {
                let expected = Array(ManifestRewriter.rewrite(text, kind: kind, grant: grant, query: query).utf8)
                let manifest = Self.rendered(text, kind: kind, grant: grant, query: query)
                #expect(manifest.bytes == expected)
                #expect(manifest.count == expected.count)
                // Appended behind what the buffer already holds (a response head), and only that.
                var buffer = ByteBuffer(string: "HEAD\r\n\r\n")
                manifest.write(into: &buffer)
                #expect(buffer.readString(length: 8) == "HEAD\r\n\r\n")
                #expect(Array(buffer.readableBytesView) == expected)
                #expect(Array(manifest.buffer().readableBytesView) == expected)
            }
        }
    }

    @Test func oneTagIsOneBody() throws {
        var random = SplitMix64(seed: 0x7A65)
        // Many manifests of one playlist's texts, grants, tokens and signing secrets; some collide on purpose (the
        // same inputs twice, or inputs that give the same bytes).
        let texts = (0..<4).map { _ in ManifestTemplateTests.master(&random) } + ["#EXTM3U\nhls-720p.m3u8\n"]
        let grants = [
            ManifestTemplateTests.grant(Self.renditions), ManifestTemplateTests.grant(Array(Self.renditions.prefix(2))),
            ManifestTemplateTests.grant([]),
        ]
        let queries = [
            ChildQuery(token: "T1"), ChildQuery(token: "T2"), ChildQuery(token: "T1", secureLink: Self.signer("a")),
            ChildQuery(token: "T1", secureLink: Self.signer("b")), ChildQuery(token: "T2", secureLink: Self.signer("a")),
        ]
        var bytesByTag: [String: [UInt8]] = [:]
        for text in texts {
            for grant in grants {
                for query in queries {
                    let manifest = Self.rendered(text, kind: .hlsMaster, grant: grant, query: query)
                    if let earlier = bytesByTag[manifest.etag] { #expect(Bool(earlier == manifest.bytes), "one tag, two bodies") }
                    bytesByTag[manifest.etag] = manifest.bytes
                    // The same inputs, the same tag.
                    #expect(Self.rendered(text, kind: .hlsMaster, grant: grant, query: query).etag == manifest.etag)
                }
            }
        }
        #expect(bytesByTag.count > 40)
        // Tokens and signatures are in the bytes of every manifest listing a child, so for these texts a new token
        // or secret is a new tag.
        let listed = Self.rendered("#EXTM3U\nhls-720p.m3u8\n", kind: .hlsMaster, grant: grants[0], query: queries[0])
        for query in queries.dropFirst() {
            #expect(Self.rendered("#EXTM3U\nhls-720p.m3u8\n", kind: .hlsMaster, grant: grants[0], query: query).etag != listed.etag)
        }
        // A new package (another stored text) is a new tag even when the stream is the same.
        #expect(Self.rendered("#EXTM3U\nhls-720p.m3u8\n\n", kind: .hlsMaster, grant: grants[0], query: queries[0]).etag != listed.etag)
    }

    @Test func theCacheTheSpotAndTheFallbackGiveTheSameTag() throws {
        let cache = ManifestSourceCache(maximumBytes: 1 << 20, lifetime: .seconds(30))
        let key = try ObjectKey("videos/a/media/hls-720p.m3u8")
        var random = SplitMix64(seed: 0xCAC4E)
        let text = ManifestTemplateTests.media(&random)
        cache.store(text, for: key)
        let grant = ManifestTemplateTests.grant(Self.renditions)
        for query in [ChildQuery(token: "T1"), ChildQuery(token: "T1", secureLink: Self.signer("k"))] {
            // First request of the shape (template made and kept), a later one (kept template), and a text the cache
            // does not hold (rendered by the controller).
            let first = try #require(cache.rendered(for: key, kind: .hlsMedia, grant: grant, query: query))
            let second = try #require(cache.rendered(for: key, kind: .hlsMedia, grant: grant, query: query))
            let uncached = Self.rendered(text, kind: .hlsMedia, grant: grant, query: query)
            #expect(first.etag == second.etag && second.etag == uncached.etag)
            #expect(first.bytes == second.bytes && second.bytes == uncached.bytes)
        }
        #expect(cache.templateCount(for: key) == 2)
    }

    @Test func aTextWithoutATemplateIsTaggedByItsBytes() {
        let text = "#EXTM3U\n\u{1}\nhls-720p.m3u8\n"
        let grant = ManifestTemplateTests.grant(Self.renditions)
        let query = ChildQuery(token: "T1")
        let manifest = Self.rendered(text, kind: .hlsMaster, grant: grant, query: query)
        let expected = Array(ManifestRewriter.rewrite(text, kind: .hlsMaster, grant: grant, query: query).utf8)
        #expect(manifest.bytes == expected)
        #expect(manifest.etag == "\"" + SHA256.hash(data: expected).prefix(12).hex + "\"")
        #expect(Self.rendered(text, kind: .hlsMaster, grant: grant, query: ChildQuery(token: "T2")).etag != manifest.etag)
    }
}
