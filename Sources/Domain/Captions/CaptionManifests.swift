#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The manifests that carry a video's captions: each caption's HLS subtitle playlist, and the transcoder's master
/// playlist and MPD with the captions added, written under a new name each time the captions change (so the next
/// play gets them at once and streams already running keep the files they started with).
public enum CaptionManifests {
    /// The HLS master listing captions of version `version` (`master.m3u8` when there are none).
    public static func hlsMaster(_ version: Int) -> String { version > 0 ? "master-c\(version).m3u8" : "master.m3u8" }
    /// The DASH MPD listing captions of version `version`.
    public static func dash(_ version: Int) -> String { version > 0 ? "manifest-c\(version).mpd" : "manifest.mpd" }

    static let group = "subs"

    /// One WebVTT file as a single-segment VOD subtitle playlist.
    public static func subtitlePlaylist(_ caption: Caption, durationSeconds: Double) -> String {
        let target = max(1, Int(durationSeconds.rounded(.up)))
        return """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:\(target)
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXTINF:\(seconds(durationSeconds)),
            \(caption.file)
            #EXT-X-ENDLIST

            """
    }

    /// The transcoder's master with an `#EXT-X-MEDIA:TYPE=SUBTITLES` per caption (one group) and every variant
    /// pointing at the group.
    public static func hlsMaster(base: String, captions: [Caption]) -> String {
        guard !captions.isEmpty else { return base }
        var lines: [String] = []
        var added = false
        for line in base.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#EXT-X-STREAM-INF:") {
                if !added {
                    for (index, caption) in captions.enumerated() {
                        lines.append(
                            "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"\(group)\",LANGUAGE=\"\(caption.language.value)\","
                                + "NAME=\"\(quoted(caption.label))\",DEFAULT=NO,AUTOSELECT=\(index == 0 ? "YES" : "NO"),"
                                + "URI=\"\(caption.playlist)\"")
                    }
                    added = true
                }
                lines.append(String(line) + ",SUBTITLES=\"\(group)\"")
            } else {
                lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The transcoder's MPD with a `text/vtt` AdaptationSet per caption in its Period.
    public static func dash(base: String, captions: [Caption]) -> String {
        guard !captions.isEmpty, let close = base.ranges(of: "</Period>").last else { return base }
        var sets = ""
        for caption in captions {
            sets += """
                \t\t<AdaptationSet contentType="text" mimeType="text/vtt" lang="\(caption.language.value)">
                \t\t\t<Label>\(escaped(caption.label))</Label>
                \t\t\t<Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>
                \t\t\t<Representation id="captions-\(caption.language.value)" bandwidth="256">
                \t\t\t\t<BaseURL>\(caption.file)</BaseURL>
                \t\t\t</Representation>
                \t\t</AdaptationSet>

                """
        }
        return String(base[..<close.lowerBound]) + sets + "\t" + String(base[close.lowerBound...])
    }

    /// Seconds with three decimals (`12.040`).
    static func seconds(_ value: Double) -> String {
        let millis = Int((max(0, value) * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// A label as an HLS quoted-string (no `"`, CR or LF allowed).
    static func quoted(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }.map(Character.init))
    }

    static func escaped(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }
}
