import Domain
import Foundation

/// Rewrites the HLS side of a package written by FFmpeg's `dash` muxer (`hls_playlist`): the muxer's media
/// playlists list the same CMAF segments as the MPD; this turns them into VOD playlists (`PLAYLIST-TYPE:VOD`,
/// `INDEPENDENT-SEGMENTS`, no wall-clock dates) and writes a master playlist with measured `BANDWIDTH` (peak
/// segment) and `AVERAGE-BANDWIDTH`, `RESOLUTION`, `CODECS` and `FRAME-RATE`, which the muxer does not.
enum HLSPackager {
    struct Segment {
        var duration: Double
        var uri: String
        var bytes: Int64
    }
    struct Playlist {
        var map: String
        var segments: [Segment]
    }

    struct Package {
        var master: String
        var durationSeconds: Double
        var renditions: [Domain.Rendition]
        var audio: AudioRendition?
    }

    /// `renditions[i]` is representation `i`; the audio representation (if any) follows them.
    static func rewrite(
        directory: String, renditions: [(plan: RenditionPlan, codecs: String, frameRate: Double)],
        audio: (codecs: String, bitRate: Int, channels: Int, sampleRate: Int)?
    ) throws -> Package {
        func load(_ index: Int) throws -> Playlist {
            let text = try String(contentsOfFile: "\(directory)/media_\(index).m3u8", encoding: .utf8)
            var map = ""
            var segments: [Segment] = []
            var pending: Double?
            for line in text.split(whereSeparator: \.isNewline).map(String.init) {
                if line.hasPrefix("#EXT-X-MAP:URI=\"") {
                    map = String(line.dropFirst("#EXT-X-MAP:URI=\"".count).prefix { $0 != "\"" })
                } else if line.hasPrefix("#EXTINF:") {
                    pending = Double(line.dropFirst("#EXTINF:".count).prefix { $0 != "," })
                } else if !line.hasPrefix("#"), !line.isEmpty, let duration = pending {
                    let attributes = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(line)")
                    segments.append(Segment(duration: duration, uri: line, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0))
                    pending = nil
                }
            }
            guard !map.isEmpty, !segments.isEmpty else {
                throw FF.internalError("the packager wrote an empty playlist")
            }
            return Playlist(map: map, segments: segments)
        }

        func write(_ playlist: Playlist, to name: String) throws {
            let target = Int((playlist.segments.map(\.duration).max() ?? 1).rounded(.up))
            var text = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:\(target)\n#EXT-X-MEDIA-SEQUENCE:1\n"
            text += "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"\(playlist.map)\"\n"
            for segment in playlist.segments { text += String(format: "#EXTINF:%.6f,\n", segment.duration) + segment.uri + "\n" }
            text += "#EXT-X-ENDLIST\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(name)"))
        }

        func rates(_ playlist: Playlist) -> (peak: Int, average: Int) {
            let total = playlist.segments.reduce(0) { $0 + $1.duration }
            let bytes = playlist.segments.reduce(Int64(0)) { $0 + $1.bytes }
            // A short last segment says little about the peak: measure peaks over segments of at least 1 s.
            let full = playlist.segments.filter { $0.duration >= 1 }
            let peak = (full.isEmpty ? playlist.segments : full).map { Double($0.bytes * 8) / max($0.duration, 0.001) }.max() ?? 0
            return (Int(peak.rounded(.up)), Int((Double(bytes * 8) / max(total, 0.001)).rounded(.up)))
        }

        var audioRendition: AudioRendition?
        var audioRates = (peak: 0, average: 0)
        if let audio {
            let playlist = try load(renditions.count)
            try write(playlist, to: "hls-audio.m3u8")
            audioRates = rates(playlist)
            audioRendition = AudioRendition(
                codecs: audio.codecs, bitRate: audio.bitRate, channels: audio.channels, sampleRate: audio.sampleRate,
                playlist: "hls-audio.m3u8")
        }
        var result: [Domain.Rendition] = []
        var master = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        if audioRendition != nil {
            master +=
                "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"hls-audio.m3u8\"\n"
        }
        var duration = 0.0
        for (index, rendition) in renditions.enumerated() {
            let playlist = try load(index)
            let name = "hls-\(rendition.plan.name).m3u8"
            try write(playlist, to: name)
            let measured = rates(playlist)
            if index == 0 { duration = playlist.segments.reduce(0) { $0 + $1.duration } }
            let codecs = audioRendition.map { "\(rendition.codecs),\($0.codecs)" } ?? rendition.codecs
            master +=
                "#EXT-X-STREAM-INF:BANDWIDTH=\(measured.peak + audioRates.peak),AVERAGE-BANDWIDTH=\(measured.average + audioRates.average),"
            master += "RESOLUTION=\(rendition.plan.width)x\(rendition.plan.height),CODECS=\"\(codecs)\","
            master += String(format: "FRAME-RATE=%.3f", rendition.frameRate)
            master += audioRendition == nil ? "\n" : ",AUDIO=\"audio\"\n"
            master += name + "\n"
            result.append(
                Domain.Rendition(
                    name: rendition.plan.name, width: rendition.plan.width, height: rendition.plan.height,
                    videoBitRate: rendition.plan.videoBitRate, peakBitRate: measured.peak, averageBitRate: measured.average,
                    frameRate: rendition.frameRate, codecs: rendition.codecs, playlist: name))
        }
        try Data(master.utf8).write(to: URL(fileURLWithPath: "\(directory)/master.m3u8"))
        return Package(master: "master.m3u8", durationSeconds: duration, renditions: result, audio: audioRendition)
    }
}
