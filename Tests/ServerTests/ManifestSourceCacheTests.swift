import Domain
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
}
