import Adapters
import Domain
import Foundation
import Synchronization
import Testing

/// The FFmpeg pipeline on generated inputs: every package must open and decode end to end through both its HLS
/// master and its DASH MPD at every rung, last as long as its source (within one frame), have keyframes at the
/// same times in every rung, and never go above the source's size.
@Suite(.serialized) struct TranscodePipelineTests {
    struct Source {
        var name: String
        var arguments: @Sendable () async throws -> [String]
        /// Expected display size of the largest rendition and the rung names.
        var rungs: [String]
        var hasAudio = true
    }

    static let sources: [Source] = [
        .init(
            name: "landscape-1080p.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=1920x1080:rate=30:duration=2") + MediaFixtures.tone(2)
                    + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
            },
            rungs: ["1080p", "720p", "480p", "360p"]),
        .init(
            // A phone's portrait video: coded landscape, displayed rotated by 90 degrees.
            name: "portrait-rotated.mp4",
            // (FFmpeg 5.1 writes the rotation tag only when copying the stream.)
            arguments: {
                let coded = try await MediaFixtures.make(
                    "portrait-coded.mp4",
                    MediaFixtures.lavfi("testsrc2=size=1280x720:rate=30:duration=2") + MediaFixtures.tone(2)
                        + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"])
                return ["-i", coded, "-c", "copy", "-metadata:s:v:0", "rotate=90"]
            },
            rungs: ["720p", "480p", "360p"]),
        .init(
            name: "odd-853x481.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=853x481:rate=25:duration=2") + MediaFixtures.tone(2)
                    + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-c:a", "aac", "-shortest"]
            },
            rungs: ["480p", "360p"]),
        .init(
            name: "no-audio.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=640x360:rate=30:duration=2") + [
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                ]
            },
            rungs: ["360p"], hasAudio: false),
        .init(
            name: "surround-5.1.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=640x360:rate=30:duration=2")
                    + MediaFixtures.lavfi("sine=frequency=300:sample_rate=48000:duration=2,aformat=channel_layouts=5.1")
                    + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
            },
            rungs: ["360p"]),
        .init(
            // Variable frame rate: frames 0-29 at 30 fps, then every third frame kept (10 fps).
            name: "variable-frame-rate.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=640x360:rate=30:duration=3") + MediaFixtures.tone(3)
                    + [
                        "-vf", "select='lt(n\\,30)+not(mod(n\\,3))'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast",
                        "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    ]
            },
            rungs: ["360p"]),
        .init(
            name: "ten-bit.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=1280x720:rate=30:duration=2") + MediaFixtures.tone(2)
                    + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-c:a", "aac", "-shortest"]
            },
            rungs: ["720p", "480p", "360p"]),
        .init(
            name: "one-second.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=640x360:rate=30:duration=1") + MediaFixtures.tone(1)
                    + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
            },
            rungs: ["360p"]),
        .init(
            name: "tiny-160x120.mp4",
            arguments: {
                MediaFixtures.lavfi("testsrc2=size=160x120:rate=30:duration=2") + MediaFixtures.tone(2)
                    + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
            },
            rungs: ["120p"]),
    ]

    @Test(arguments: sources.map(\.name))
    func packageDecodesEndToEndAtEveryRung(name: String) async throws {
        let source = try #require(Self.sources.first { $0.name == name })
        let input = try await MediaFixtures.make(source.name, try await source.arguments())
        let output = MediaFixtures.directory.appendingPathComponent("package-\(UUID().uuidString)").path
        let result = try await FFmpegTranscoder().transcode(
            .init(inputPath: input, outputDirectory: output, settings: TranscodeSettings(threads: 2))
        ) { _ in }
        defer { try? FileManager.default.removeItem(atPath: output) }

        #expect(result.renditions.map(\.name) == source.rungs)
        #expect((result.audio != nil) == source.hasAudio)
        let probed = try #require(result.probe.primaryVideo)
        let display = probed.displaySize
        let master = output + "/" + result.hlsMaster
        let mpd = output + "/" + result.dashManifest
        let sourcePackets = try await MediaFixtures.packets(input)
        let sourceEnd = sourcePackets.map { $0.pts + $0.duration }.max() ?? 0
        let longestFrame =
            zip(sourcePackets.map(\.pts).sorted().dropFirst(), sourcePackets.map(\.pts).sorted()).map { $0 - $1 }.max() ?? 0.04

        var keyframes: [[Double]] = []
        for (index, rendition) in result.renditions.enumerated() {
            // Never above the source, even sizes, aspect kept.
            #expect(min(rendition.width, rendition.height) <= Int(min(display.width, display.height).rounded()))
            #expect(rendition.width % 2 == 0 && rendition.height % 2 == 0)
            #expect(abs(Double(rendition.width) / Double(rendition.height) - display.width / display.height) < 0.02)
            // Both manifests decode this rung to the end.
            try await MediaFixtures.decodes(master, map: "0:v:\(index)")
            try await MediaFixtures.decodes(mpd, map: "0:v:\(index)")
            let info = try await MediaFixtures.streamInfo(
                output + "/" + rendition.playlist, stream: "v:0", entries: "width,height,pix_fmt,profile")
            #expect(info["width"] == String(rendition.width) && info["height"] == String(rendition.height))
            #expect(info["pix_fmt"] == "yuv420p")
            #expect(info["profile"] == "High")
            let packets = try await MediaFixtures.packets(output + "/" + rendition.playlist)
            let end = packets.map { $0.pts + $0.duration }.max() ?? 0
            #expect(abs(end - sourceEnd) <= longestFrame + 0.001, "\(rendition.name) lasts \(end) s, source \(sourceEnd) s")
            keyframes.append(packets.filter(\.key).map { ($0.pts * 1000).rounded() / 1000 }.sorted())
        }
        #expect(Set(keyframes.map { $0 }).count == 1, "keyframes differ across rungs: \(keyframes)")
        #expect(keyframes.first?.first == 0)
        if source.hasAudio {
            try await MediaFixtures.decodes(master, map: "0:a:0")
            try await MediaFixtures.decodes(mpd, map: "0:a:0")
            let audio = try await MediaFixtures.streamInfo(
                output + "/hls-audio.m3u8", stream: "a:0", entries: "channels,codec_name,profile")
            #expect(audio["channels"] == "2")
            #expect(audio["codec_name"] == "aac" && audio["profile"] == "LC")
        }
        // The HLS master lists what players need.
        let masterText = try String(contentsOfFile: master, encoding: .utf8)
        for attribute in ["BANDWIDTH=", "AVERAGE-BANDWIDTH=", "RESOLUTION=", "CODECS=\"avc1.64", "FRAME-RATE="] {
            #expect(masterText.contains(attribute))
        }
        // The MPD and the playlists name the same segment files.
        let mpdText = try String(contentsOfFile: mpd, encoding: .utf8)
        #expect(mpdText.contains("type=\"static\"") && mpdText.contains("seg-$RepresentationID$-$Number%05d$.m4s"))
        // Poster at the source's aspect, storyboard with a cue per 10 s.
        let poster = try await MediaFixtures.streamInfo(output + "/poster.jpg", stream: "v:0", entries: "width,height")
        let posterAspect = Double(poster["width"] ?? "0")! / Double(poster["height"] ?? "1")!
        #expect(abs(posterAspect - display.width / display.height) < 0.03)
        let vtt = try String(contentsOfFile: output + "/storyboard.vtt", encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT"))
        #expect(vtt.contains("storyboard-000.jpg#xywh=0,0,160,"))
        #expect(result.files.contains { $0.path == "storyboard-000.jpg" })
        #expect(!result.files.contains { $0.path.hasPrefix("media_") })
    }

    @Test func childProcessReportsProgressAndItsResult() async throws {
        let input = try await MediaFixtures.clip(seconds: 3)
        let output = MediaFixtures.directory.appendingPathComponent("child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let updates = Updates()
        let result = try await ChildProcessTranscoder(executable: TestSettings.zviewerBinary).transcode(
            .init(inputPath: input, outputDirectory: output, settings: TranscodeSettings())
        ) { updates.append($0) }
        #expect(result.renditions.map(\.name) == ["360p"])
        #expect(abs(result.durationSeconds - 3) < 0.04)
        let seen = updates.all
        #expect(seen.first?.step == .probing)
        #expect(seen.contains { $0.sourceDurationSeconds.map { abs($0 - 3) < 0.1 } == true })
        #expect(seen.map(\.percent) == seen.map(\.percent).sorted())
        #expect(FileManager.default.fileExists(atPath: output + "/master.m3u8"))

        // A file that is not media: the child says why and exits; nothing crashes here.
        let text = MediaFixtures.directory.appendingPathComponent("notes.mp4").path
        try Data("just text\n".utf8).write(to: URL(fileURLWithPath: text))
        let failure = await #expect(throws: MediaError.self) {
            try await ChildProcessTranscoder(executable: TestSettings.zviewerBinary).transcode(
                .init(inputPath: text, outputDirectory: output + "-bad", settings: TranscodeSettings())
            ) { _ in }
        }
        #expect(failure?.code == "invalid_media" && failure?.permanent == true)
    }

    final class Updates: Sendable {
        let state = Mutex<[TranscodeProgress]>([])
        func append(_ update: TranscodeProgress) { state.withLock { $0.append(update) } }
        var all: [TranscodeProgress] { state.withLock { $0 } }
    }

    @Test func ladderNeverUpscalesAndKeepsAspect() {
        let ladder = RenditionPlan.ladder(displayWidth: 1920, displayHeight: 1080, rungs: LadderRung.defaults)
        #expect(ladder.map { "\($0.width)x\($0.height)" } == ["1920x1080", "1280x720", "854x480", "640x360"])
        let portrait = RenditionPlan.ladder(displayWidth: 1080, displayHeight: 1920, rungs: LadderRung.defaults)
        #expect(portrait.map { "\($0.width)x\($0.height)" } == ["1080x1920", "720x1280", "480x854", "360x640"])
        let odd = RenditionPlan.ladder(displayWidth: 853, displayHeight: 481, rungs: LadderRung.defaults)
        #expect(odd.map { "\($0.width)x\($0.height)" } == ["852x480", "638x360"])
        let tiny = RenditionPlan.ladder(displayWidth: 160, displayHeight: 120, rungs: LadderRung.defaults)
        #expect(tiny.map { "\($0.width)x\($0.height)" } == ["160x120"])
        #expect(tiny[0].videoBitRate < 800_000)
        #expect(RenditionPlan.ladder(displayWidth: 1, displayHeight: 1, rungs: LadderRung.defaults).isEmpty)
        #expect(
            LadderRung.parse("720:3000k, 1080:6M") == [
                .init(shortSide: 1080, videoBitRate: 6_000_000), .init(shortSide: 720, videoBitRate: 3_000_000),
            ])
        #expect(LadderRung.parse("720") == nil)
        #expect(LadderRung.parse("720:abc") == nil)
        #expect(LadderRung.parse("") == nil)
    }

    @Test func probeReadsEveryStream() async throws {
        let rotated = try await MediaFixtures.make("portrait-rotated.mp4", try await Self.sources[1].arguments())
        let probe = try await FFmpegMediaProber().probe(path: rotated)
        let video = try #require(probe.primaryVideo)
        // The rotation FFmpeg's CLI applies to this file (checked against its autorotate output: same picture).
        #expect(video.codec == "h264" && video.width == 1280 && video.height == 720 && video.rotation == 270)
        #expect(video.displaySize.width == 720 && video.displaySize.height == 1280)
        #expect(abs(video.frameRate - 30) < 0.01 && video.bitDepth == 8 && video.pixelFormat == "yuv420p")
        #expect(abs(probe.durationSeconds - 2) < 0.1)
        #expect(
            probe.audioStreams.first?.channels == 1 && probe.audioStreams.first?.codec == "aac"
                && probe.audioStreams.first?.sampleRate == 48000)

        let surround = try await FFmpegMediaProber().probe(
            path: try await MediaFixtures.make("surround-5.1.mp4", try await Self.sources[4].arguments()))
        #expect(surround.audioStreams.first?.channels == 6)
        #expect(surround.audioStreams.first?.channelLayout.hasPrefix("5.1") == true)
        let tenBit = try await FFmpegMediaProber().probe(
            path: try await MediaFixtures.make("ten-bit.mp4", try await Self.sources[6].arguments()))
        #expect(tenBit.primaryVideo?.bitDepth == 10)
        let vfr = try await FFmpegMediaProber().probe(
            path: try await MediaFixtures.make("variable-frame-rate.mp4", try await Self.sources[5].arguments()))
        #expect(vfr.primaryVideo?.variableFrameRate == true)
    }
}
