import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct CaptionHTTPTests {
    static let vtt = """
        WEBVTT

        00:00:00.500 --> 00:00:02.000
        Hello there.

        00:00:02.500 --> 00:00:05.000
        <i>General Kenobi.</i>

        """
    static let srt = """
        1
        00:00:00,500 --> 00:00:02,000
        Hallo!

        2
        00:00:02,500 --> 00:00:05,900
        <i>Wie geht's?</i>

        """

    @Test func captionsReachHLSAndDASHWithoutTranscodingAgainAndFFprobeReadsThem() async throws {
        try await withLiveApp { client, app in
            let owner = try await client.viewer(app, plan: "premium")
            let video = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            let path = "/api/v1/videos/\(video.uuidString.lowercased())/captions"
            let before = try JSON(try await client.play(video, owner).body)
            let english = try await client.send(
                .put, path + "/en?label=English", json: Self.vtt, token: owner.access, contentType: "text/vtt")
            #expect(english.status == .ok)
            #expect(try JSON(english.body)["cueCount"]?.int == 2)
            let german = try await client.send(.put, path + "/de", json: Self.srt, token: owner.access, contentType: "application/x-subrip")
            #expect(german.status == .ok)
            let listed = try JSON(try await client.send(.get, path).body)["items"]?.array ?? []
            #expect(listed.compactMap { $0["language"]?.string } == ["de", "en"])
            #expect(listed.last?["label"]?.string == "English")

            let play = try JSON(try await client.play(video, owner, device: "tv-2").body)
            let hlsUrl = try #require(play["hlsUrl"]?.string)
            #expect(hlsUrl != before["hlsUrl"]?.string)
            let master = String(buffer: try await client.media(hlsUrl).body)
            #expect(master.contains(#"TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English""#))
            #expect(master.contains(#"LANGUAGE="de""#))
            #expect(master.contains(#"SUBTITLES="subs""#))
            #expect(master.contains("captions-en.m3u8?token="))
            let mpd = String(buffer: try await client.media(try #require(play["dashUrl"]?.string)).body)
            #expect(mpd.contains(#"mimeType="text/vtt" lang="en""#) && mpd.contains("captions-de.vtt?token="))
            // SubRip was stored as WebVTT.
            let token = try #require(hlsUrl.split(separator: "token=").last)
            let stored = try await client.media("/media/\(video.uuidString.lowercased())/captions-de.vtt?token=\(token)")
            #expect(String(buffer: stored.body).hasPrefix("WEBVTT"))
            #expect(String(buffer: stored.body).contains("Wie geht's?"))

            let port = try #require(client.port)
            // FFmpeg's HLS demuxer reads subtitle renditions only with `-strict experimental`.
            let streams = try await MediaFixtures.run(
                "ffprobe",
                [
                    "-v", "error", "-strict", "experimental", "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0",
                    "http://127.0.0.1:\(port)" + hlsUrl,
                ])
            #expect(streams.contains("webvtt,subtitle"), "ffprobe saw: \(streams)")
            let cues = try await MediaFixtures.run(
                "ffprobe",
                [
                    "-v", "error", "-strict", "experimental", "-select_streams", "s:0", "-show_entries", "packet=pts_time", "-of",
                    "csv=p=0",
                    "http://127.0.0.1:\(port)" + hlsUrl,
                ])
            #expect(cues.split(separator: "\n").count == 2, "cues: \(cues)")
            let extracted = try await MediaFixtures.run(
                "ffmpeg",
                [
                    "-v", "error", "-strict", "experimental", "-i", "http://127.0.0.1:\(port)" + hlsUrl, "-map", "0:s:0", "-f", "webvtt",
                    "-",
                ])
            #expect(extracted.contains("Hello there.") || extracted.contains("Hallo!"), "ffmpeg extracted: \(extracted)")

            #expect(try await client.send(.delete, path + "/de", token: owner.access).status == .noContent)
            #expect(try await client.send(.delete, path + "/de", token: owner.access).problemCode == "caption_not_found")
            let after = try JSON(try await client.play(video, owner, device: "tv-3").body)
            let masterAfter = String(buffer: try await client.media(try #require(after["hlsUrl"]?.string)).body)
            #expect(masterAfter.contains(#"LANGUAGE="en""#) && !masterAfter.contains(#"LANGUAGE="de""#))
        }
    }

    @Test func badCaptionFilesAreClearRefusals() async throws {
        try await withApp { client, app in
            let owner = try await client.viewer(app)
            let stranger = try await client.viewer(app)
            let video = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)  // 6 s long
            let path = "/api/v1/videos/\(video.uuidString.lowercased())/captions/en"
            func put(_ body: [UInt8], _ type: String = "text/vtt", token: String? = nil) async throws -> TestResponse {
                try await client.execute(
                    uri: path, method: .put, headers: [.contentType: type, .authorization: "Bearer \(token ?? owner.access)"],
                    body: ByteBuffer(bytes: body))
            }
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + Array(repeating: 0x42, count: 2000)
            #expect(try await put(jpeg).problemCode == "invalid_captions")
            let outOfOrder = "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nsecond\n\n00:00:01.000 --> 00:00:02.000\nfirst\n"
            #expect(try await put(Array(outOfOrder.utf8)).problemCode == "invalid_captions")
            let tooLong = "WEBVTT\n\n00:00:01.000 --> 00:00:09.000\nafter the end\n"
            #expect(try await put(Array(tooLong.utf8)).problemCode == "invalid_captions")
            let srtGarbage = "this is\nnot subrip at all\n"
            #expect(try await put(Array(srtGarbage.utf8), "application/x-subrip").problemCode == "invalid_captions")
            #expect(try await put(Array(repeating: 0x41, count: 2 << 20)).status == .contentTooLarge)
            #expect(try await put(Array(Self.vtt.utf8), "image/jpeg").status == .unsupportedMediaType)
            let badLanguage = try await client.execute(
                uri: path.replacing("/en", with: "/english%20please"), method: .put,
                headers: [.contentType: "text/vtt", .authorization: "Bearer \(owner.access)"], body: ByteBuffer(string: Self.vtt))
            #expect(badLanguage.problemCode == "invalid_language")
            #expect(try await put(Array(Self.vtt.utf8), token: stranger.access).status == .forbidden)
            let hidden = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, visibility: .private)
            let hiddenPut = try await client.execute(
                uri: "/api/v1/videos/\(hidden.uuidString.lowercased())/captions/en", method: .put,
                headers: [.contentType: "text/vtt", .authorization: "Bearer \(stranger.access)"], body: ByteBuffer(string: Self.vtt))
            #expect(hiddenPut.status == .notFound)
            #expect(try JSON(try await client.send(.get, path.replacing("/en", with: "")).body)["items"]?.array.isEmpty == true)
            #expect(try await put(Array(Self.vtt.utf8)).status == .ok)
            // One long SubRip cue (300 KB of text) is converted whole, not dropped.
            let long = "1\n00:00:01,000 --> 00:00:02,000\n" + String(repeating: "long line of dialogue ", count: 14_000) + "\n"
            let converted = try await put(Array(long.utf8), "application/x-subrip")
            #expect(converted.status == .ok)
            let caption = try JSON(converted.body)
            #expect(caption["cueCount"]?.int == 1 && (caption["sizeBytes"]?.int ?? 0) > 300_000)
        }
    }
}
