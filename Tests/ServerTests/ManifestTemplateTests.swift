import Domain
import Foundation
import Testing

@testable import Server

/// `ManifestTemplate` must give exactly what `ManifestRewriter` writes, for every manifest, grant, token and
/// secure-link mode: checked on the transcoder's manifest shapes and on generated ones with the odd lines the
/// rewriter handles (variants without a tag, tags without a URI, blank and CR lines, self-closing and id-less
/// representations, templates that already carry a query, a token with `&` in an MPD).
@Suite struct ManifestTemplateTests {
    static let renditions = [
        GrantedRendition(representationId: 0, name: "1080p"), GrantedRendition(representationId: 1, name: "720p"),
        GrantedRendition(representationId: 2, name: "480p"), GrantedRendition(representationId: 3, name: "360p"),
        GrantedRendition(representationId: 4, name: "audio"),
    ]

    static func grant(_ renditions: [GrantedRendition]) -> MediaGrant {
        MediaGrant(videoId: UUID(), sessionId: UUID(), expiresAt: Date(timeIntervalSince1970: 2_000_000_000), renditions: renditions)
    }

    static func master(_ random: inout SplitMix64) -> String {
        var lines = ["#EXTM3U", "#EXT-X-VERSION:7"]
        let pieces: [() -> String] = [
            { #"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",URI="hls-audio.m3u8""# },
            { #"#EXT-X-STREAM-INF:BANDWIDTH=7018073,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2",AUDIO="audio""# },
            { "hls-1080p.m3u8" }, { "hls-720p.m3u8" }, { "hls-480p.m3u8" }, { "hls-360p.m3u8" }, { "hls-4k.m3u8" },
            { #"#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="hls-720p.m3u8""# }, { #"#EXT-X-MEDIA:TYPE=SUBTITLES,URI="subs.m3u8""# },
            { "" }, { "  \t" }, { "\r" }, { "poster.jpg" }, { "hls-480p.m3u8?x=1" }, { "#EXT-X-INDEPENDENT-SEGMENTS" },
        ]
        for _ in 0..<Int.random(in: 0...14, using: &random) { lines.append(pieces.randomElement(using: &random)!()) }
        return lines.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")
    }

    static func media(_ random: inout SplitMix64) -> String {
        let id = Int.random(in: 0...4, using: &random)
        var lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:4", "#EXT-X-MAP:URI=\"init-\(id).mp4\""]
        for number in 1...Int.random(in: 1...40, using: &random) {
            lines.append("#EXTINF:4.000000,")
            lines.append(String(format: "seg-%d-%05d.m4s", id, number))
        }
        lines.append("#EXT-X-ENDLIST")
        return lines.joined(separator: "\n") + "\n"
    }

    static func mpd(_ random: inout SplitMix64) -> String {
        var text =
            "<?xml version=\"1.0\"?>\n<MPD type=\"static\">\n\t<Period id=\"0\">\n\t\t<AdaptationSet id=\"0\" contentType=\"video\">\n"
        let template =
            #"<SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1"/>"#
        for _ in 0..<Int.random(in: 0...7, using: &random) {
            let id = Int.random(in: -1...6, using: &random)
            let indent = ["\t\t\t", "  ", "", "\n\t"].randomElement(using: &random)!
            let idAttribute = id < 0 ? "" : " id=\"\(id)\""
            switch Int.random(in: 0...3, using: &random) {
            case 0: text += indent + "<Representation\(idAttribute) bandwidth=\"1\"/>\n"
            case 1: text += indent + "<Representation\(idAttribute) bandwidth=\"1\">\n\t\t\t\t\(template)\n\t\t\t</Representation>\n"
            case 2:
                text +=
                    indent
                    + "<Representation\(idAttribute) bandwidth=\"1\"><SegmentTemplate media=\"seg-$Number$.m4s?v=2\"/></Representation>"
            default: text += indent + "<SegmentTemplate initialization=\"shared.mp4\" media=\"x.m4s\"/>\n"
            }
        }
        return text + "\t\t</AdaptationSet>\n\t</Period>\n</MPD>\n"
    }

    static func storyboard(_ random: inout SplitMix64) -> String {
        var lines = ["WEBVTT", ""]
        for index in 0..<Int.random(in: 0...6, using: &random) {
            lines.append("00:00:0\(index).000 --> 00:00:0\(index + 1).000")
            lines.append("storyboard-00\(index).jpg#xywh=\(index * 160),0,160,90")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// A generated manifest of `kind`.
    static func text(_ kind: ManifestKind, _ random: inout SplitMix64) -> String {
        switch kind {
        case .hlsMaster: master(&random)
        case .hlsMedia: media(&random)
        case .dash: mpd(&random)
        case .storyboardTrack: storyboard(&random)
        }
    }

    @Test func templatesRenderExactlyWhatTheRewriterWrites() throws {
        var random = SplitMix64(seed: 0x5EED)
        let tokens = ["djF8abc.DEF-_x", "T", "a&b=c", ""]
        var compared = 0
        for round in 0..<400 {
            let kind = [ManifestKind.hlsMaster, .hlsMedia, .dash, .storyboardTrack][round % 4]
            let text = Self.text(kind, &random)
            let granted = Self.renditions.filter { _ in Bool.random(using: &random) }
            let grant = Self.grant(granted)
            for secureLink in [false, true] {
                let template = try #require(ManifestTemplate(rewriting: text, kind: kind, grant: grant, secureLink: secureLink))
                // One template serves every stream of the grant's shape: different tokens and signatures.
                for token in tokens {
                    var signer: (@Sendable (Int) -> String)?
                    let count = token.count
                    if secureLink { signer = { id in "md5=\(count)x\(id)&expires=2000000000" } }
                    let query = ChildQuery(token: token, secureLink: signer)
                    let expected = ManifestRewriter.rewrite(text, kind: kind, grant: grant, query: query)
                    let rendered = String(decoding: template.render(query), as: UTF8.self)
                    #expect(rendered == expected, "\(kind) secureLink=\(secureLink) token=\(token)\n\(text)")
                    // Its size is known before the bytes are made; a buffer too small for them gets none.
                    let filling = template.filling(query)
                    #expect(filling.count == expected.utf8.count)
                    var short = [UInt8](repeating: 0, count: max(0, filling.count - 1))
                    #expect(short.withUnsafeMutableBytes { template.render(filling, into: $0) } == 0)
                    compared += 1
                }
            }
        }
        #expect(compared == 400 * 2 * 4)
    }

    @Test func aFillingFromAnotherTemplateWritesNothing() throws {
        let grant = Self.grant(Self.renditions)
        let short = try #require(ManifestTemplate(rewriting: "#EXTM3U\nseg-0-00001.m4s\n", kind: .hlsMedia, grant: grant, secureLink: true))
        let long = try #require(
            ManifestTemplate(rewriting: "#EXTM3U\nseg-0-00001.m4s\nseg-0-00002.m4s\n", kind: .hlsMedia, grant: grant, secureLink: true))
        let master = try #require(
            ManifestTemplate(rewriting: "#EXTM3U\nhls-720p.m3u8\nhls-480p.m3u8\n", kind: .hlsMaster, grant: grant, secureLink: true))
        let query = ChildQuery(token: "T", secureLink: { "md5=\($0)&expires=1" })
        var room = [UInt8](repeating: 0, count: 4096)
        for (template, other) in [(long, short), (short, long), (master, short), (short, master)] {
            #expect(room.withUnsafeMutableBytes { template.render(other.filling(query), into: $0) } == 0)
        }
        #expect(room.withUnsafeMutableBytes { long.render(long.filling(query), into: $0) } == long.render(query).count)
    }

    @Test func aTextHoldingAPlaceholderCharacterGetsNoTemplate() {
        let grant = Self.grant(Self.renditions)
        #expect(ManifestTemplate(rewriting: "#EXTM3U\n\u{1}seg-0-00001.m4s\n", kind: .hlsMedia, grant: grant, secureLink: false) == nil)
        #expect(ManifestTemplate(rewriting: "#EXTM3U\nseg-0-00001.m4s\u{3}\n", kind: .hlsMedia, grant: grant, secureLink: true) == nil)
        #expect(ManifestTemplate(rewriting: "#EXTM3U\nseg-0-00001.m4s\n", kind: .hlsMedia, grant: grant, secureLink: true) != nil)
    }

    @Test func grantsShareATemplateOnlyWithTheSameRenditionsAndMode() {
        let all = Self.grant(Self.renditions)
        let other = MediaGrant(videoId: UUID(), sessionId: UUID(), expiresAt: .distantFuture, renditions: Self.renditions)
        #expect(ManifestTemplate.shape(of: all, secureLink: false) == ManifestTemplate.shape(of: other, secureLink: false))
        #expect(ManifestTemplate.shape(of: all, secureLink: false) != ManifestTemplate.shape(of: all, secureLink: true))
        let fewer = Self.grant(Array(Self.renditions.dropFirst()))
        #expect(ManifestTemplate.shape(of: all, secureLink: false) != ManifestTemplate.shape(of: fewer, secureLink: false))
        let renamed = Self.grant([GrantedRendition(representationId: 0, name: "720p")])
        #expect(
            ManifestTemplate.shape(of: renamed, secureLink: false)
                != ManifestTemplate.shape(of: Self.grant([Self.renditions[0]]), secureLink: false))
    }
}
