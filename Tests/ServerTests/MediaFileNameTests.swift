import Domain
import Testing

/// `MediaFile(name:)` reads names on their bytes; this is the character-based reading it replaced, kept as the
/// oracle for generated names.
@Suite struct MediaFileNameTests {
    static func reference(_ name: String) -> MediaFile? {
        func between(_ prefix: String, _ suffix: String) -> String? {
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
            return String(name.dropFirst(prefix.count).dropLast(suffix.count))
        }
        let bytes = Array(name.utf8)
        let allowed = { (byte: UInt8) in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x2D
                || byte == 0x2E || byte == 0x5F
        }
        guard (1...96).contains(bytes.count), bytes.allSatisfy(allowed), !name.hasPrefix(".") else { return nil }
        if name == "master.m3u8" || name == "manifest.mpd" || name == "poster.jpg" || name == "storyboard.vtt" { return .shared }
        if let number = between("storyboard-", ".jpg"), Int(number) != nil { return .shared }
        if let id = between("init-", ".mp4").flatMap({ Int($0) }), id >= 0 { return .representation(id) }
        if let middle = between("seg-", ".m4s") {
            let parts = middle.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let id = Int(parts[0]), id >= 0, Int(parts[1]) != nil else { return nil }
            return .representation(id)
        }
        if let rung = between("hls-", ".m3u8"), !rung.isEmpty { return .hlsPlaylist(rung) }
        return nil
    }

    @Test func namesParseAsTheCharacterBasedReadingDid() {
        var random = SplitMix64(seed: 0xF11E)
        let fragments = [
            "seg-", "init-", "hls-", "storyboard-", ".m4s", ".mp4", ".m3u8", ".jpg", "-", "--", "0", "1", "42", "00001", "-3",
            "99999999999999999999", "720p", "audio", ".", "..", "/", "x", "master.m3u8", "manifest.mpd", "poster.jpg",
            "storyboard.vtt", "é", "e\u{301}", "_", "?", " ", "\u{0}", String(repeating: "a", count: 90),
        ]
        var names = ["", "seg-1-00001.m4s", "init-0.mp4", "hls-1080p.m3u8", "storyboard-000.jpg", "seg--1-00001.m4s", "hls-.m3u8"]
        for _ in 0..<20_000 {
            names.append((0..<Int.random(in: 1...5, using: &random)).map { _ in fragments.randomElement(using: &random)! }.joined())
        }
        var recognised = 0
        for name in names {
            #expect(MediaFile(name: name) == Self.reference(name), "\(name.debugDescription)")
            if Self.reference(name) != nil { recognised += 1 }
        }
        // The generator reaches every kind, not only refusals.
        #expect(recognised > 400)
    }
}
