import Domain
import Foundation
import Testing

@Suite struct PlaybackDomainTests {
    let grant = MediaGrant(
        videoId: UUID(), sessionId: UUID(), expiresAt: Date().addingTimeInterval(60),
        renditions: [
            .init(representationId: 1, name: "480p"), .init(representationId: 2, name: "360p"), .init(representationId: 3, name: "audio"),
        ])

    @Test func packageFileNamesAndWhatAGrantOpens() {
        #expect(grant.allows(file: "master.m3u8") == true && grant.allows(file: "storyboard-012.jpg") == true)
        #expect(grant.allows(file: "init-1.mp4") == true && grant.allows(file: "seg-2-00031.m4s") == true)
        #expect(grant.allows(file: "hls-480p.m3u8") == true && grant.allows(file: "hls-audio.m3u8") == true)
        #expect(grant.allows(file: "init-0.mp4") == false && grant.allows(file: "seg-0-00001.m4s") == false)
        #expect(grant.allows(file: "hls-720p.m3u8") == false)
        for hostile in [
            "", "original", "../original", "seg-1.m4s", "seg--1-00001.m4s", "seg-1-x.m4s", "init-.mp4", ".hidden",
            "init-1.mp4/../x", "hls-.m3u8", "storyboard-x.jpg", String(repeating: "a", count: 200), "seg-1-00001.m4s?x",
        ] {
            #expect(grant.allows(file: hostile) == nil, "\(hostile)")
        }
    }

    @Test func masterAndMediaPlaylistsCarryTheTokenAndOnlyGrantedRungs() {
        let master = """
            #EXTM3U
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",URI="hls-audio.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720
            hls-720p.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=854x480
            hls-480p.m3u8

            """
        let out = ManifestRewriter.rewrite(master, kind: .hlsMaster, grant: grant, token: "T.k")
        #expect(
            out == """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",URI="hls-audio.m3u8?token=T.k"
                #EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=854x480
                hls-480p.m3u8?token=T.k

                """)
        let media = "#EXTM3U\n#EXT-X-MAP:URI=\"init-1.mp4\"\n#EXTINF:4.0,\nseg-1-00001.m4s\n#EXT-X-ENDLIST\n"
        #expect(
            ManifestRewriter.rewrite(media, kind: .hlsMedia, grant: grant, token: "T")
                == "#EXTM3U\n#EXT-X-MAP:URI=\"init-1.mp4?token=T\"\n#EXTINF:4.0,\nseg-1-00001.m4s?token=T\n#EXT-X-ENDLIST\n")
    }

    @Test func mpdLosesUngrantedRepresentationsAndTemplatesCarryTheToken() {
        let mpd = """
            <MPD><Period><AdaptationSet contentType="video">
            \t\t\t<Representation id="0" width="1280"><SegmentTemplate initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number%05d$.m4s"/></Representation>
            \t\t\t<Representation id="1" width="854"><SegmentTemplate initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number%05d$.m4s"/></Representation>
            \t\t\t<Representation id="9" width="99"/>
            </AdaptationSet></Period></MPD>
            """
        let out = ManifestRewriter.rewrite(mpd, kind: .dash, grant: grant, token: "T")
        #expect(!out.contains(#"id="0""#) && !out.contains(#"id="9""#) && out.contains(#"<Representation id="1" width="854">"#))
        #expect(
            out.contains(#"initialization="init-$RepresentationID$.mp4?token=T" media="seg-$RepresentationID$-$Number%05d$.m4s?token=T""#))
        #expect(out.hasPrefix("<MPD>") && out.hasSuffix("</MPD>"))
    }

    @Test func secureLinkSignaturesGoOnEachRepresentationsOwnFiles() {
        let query = ChildQuery(token: "T", secureLink: { "md5=M\($0)&expires=9" })
        let media = "#EXTM3U\n#EXT-X-MAP:URI=\"init-1.mp4\"\n#EXTINF:4.0,\nseg-1-00001.m4s\n#EXT-X-ENDLIST\n"
        #expect(
            ManifestRewriter.rewrite(media, kind: .hlsMedia, grant: grant, query: query)
                == "#EXTM3U\n#EXT-X-MAP:URI=\"init-1.mp4?token=T&md5=M1&expires=9\"\n#EXTINF:4.0,\nseg-1-00001.m4s?token=T&md5=M1&expires=9\n#EXT-X-ENDLIST\n"
        )
        // Playlists and the audio rendition's playlist are zviewer's to answer: the token only.
        let master = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,URI=\"hls-audio.m3u8\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhls-480p.m3u8\n"
        #expect(
            ManifestRewriter.rewrite(master, kind: .hlsMaster, grant: grant, query: query)
                == "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,URI=\"hls-audio.m3u8?token=T\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhls-480p.m3u8?token=T\n"
        )
        let mpd = """
            <MPD><Period><AdaptationSet contentType="video">
            <Representation id="1"><SegmentTemplate initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number%05d$.m4s"/></Representation>
            </AdaptationSet><AdaptationSet contentType="audio">
            <Representation id="3"><SegmentTemplate initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number%05d$.m4s"/></Representation>
            </AdaptationSet></Period></MPD>
            """
        let out = ManifestRewriter.rewrite(mpd, kind: .dash, grant: grant, query: query)
        // `&` is escaped in XML attributes.
        #expect(out.contains(#"initialization="init-$RepresentationID$.mp4?token=T&amp;md5=M1&amp;expires=9""#))
        #expect(out.contains(#"media="seg-$RepresentationID$-$Number%05d$.m4s?token=T&amp;md5=M3&amp;expires=9""#))
        #expect(!out.contains("&md5"))
    }

    @Test func storyboardTrackSpritesCarryTheToken() {
        let vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nstoryboard-000.jpg#xywh=0,0,160,90\n"
        #expect(
            ManifestRewriter.rewrite(vtt, kind: .storyboardTrack, grant: grant, token: "T")
                == "WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nstoryboard-000.jpg?token=T#xywh=0,0,160,90\n")
    }

    @Test func plansNeverLeaveAVideoUnwatchable() {
        func rendition(_ name: String, _ width: Int, _ height: Int) -> Rendition {
            Rendition(
                name: name, width: width, height: height, videoBitRate: 1, peakBitRate: 1, averageBitRate: 1, frameRate: 30, codecs: "avc1",
                playlist: "")
        }
        let ladder = [rendition("1080p", 1920, 1080), rendition("720p", 1280, 720), rendition("480p", 854, 480)]
        #expect(Plan(id: "free", name: "Free", maxStreams: 1, maxHeight: 480).allowedRenditions(of: ladder).map(\.name) == ["480p"])
        #expect(Plan(id: "premium", name: "Premium", maxStreams: 4, maxHeight: nil).allowedRenditions(of: ladder).count == 3)
        // Portrait: the short side decides.
        let portrait = [rendition("720p", 720, 1280), rendition("480p", 480, 854)]
        #expect(Plan(id: "basic", name: "Basic", maxStreams: 1, maxHeight: 720).allowedRenditions(of: portrait).count == 2)
        // Only rungs above the plan: the smallest one.
        #expect(Plan(id: "tiny", name: "Tiny", maxStreams: 1, maxHeight: 240).allowedRenditions(of: ladder).map(\.name) == ["480p"])
    }

    @Test func progressMergesWatchedTimeAndKeepsTheLatestPosition() {
        let id = UUID()
        let early = PlaybackProgress(
            sessionId: id, positionSeconds: 10, watchedSeconds: 2, at: Date(timeIntervalSince1970: 100), leaseExpiresAt: Date())
        let late = PlaybackProgress(
            sessionId: id, positionSeconds: 14, watchedSeconds: 4, at: Date(timeIntervalSince1970: 104), leaseExpiresAt: Date())
        #expect(late.merged(after: early).positionSeconds == 14 && late.merged(after: early).watchedSeconds == 6)
        #expect(early.merged(after: late).positionSeconds == 14 && early.merged(after: late).watchedSeconds == 6)
    }
}
