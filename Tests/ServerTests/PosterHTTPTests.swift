import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct PosterHTTPTests {
    static func picture(_ name: String, size: String, _ codec: [String] = []) async throws -> [UInt8] {
        let path = try await MediaFixtures.make(
            name, MediaFixtures.lavfi("testsrc2=size=\(size):rate=1:duration=1") + ["-frames:v", "1"] + codec)
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aCustomPosterReplacesTheGeneratedOneUnderANewURL() async throws {
        try await withLiveApp { client, app in
            let owner = try await client.viewer(app, plan: "premium")
            let video = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            let path = "/api/v1/videos/\(video.uuidString.lowercased())/poster"
            func put(_ body: [UInt8], _ type: String) async throws -> TestResponse {
                try await client.execute(
                    uri: path, method: .put, headers: [.contentType: type, .authorization: "Bearer \(owner.access)"],
                    body: ByteBuffer(bytes: body))
            }
            let before = try JSON(try await client.play(video, owner).body)["posterUrl"]?.string
            var urls: Set<String> = [try #require(before)]
            let port = try #require(client.port)
            for (file, type, codec) in [
                ("poster-src.png", "image/png", [String]()), ("poster-src.jpg", "image/jpeg", ["-q:v", "3"]),
                ("poster-src.webp", "image/webp", ["-c:v", "libwebp"]),
            ] {
                let response = try await put(try await Self.picture(file, size: "1000x800", codec), type)
                #expect(response.status == .ok, "\(type): \(String(buffer: response.body))")
                let play = try JSON(try await client.play(video, owner, device: "tv-\(type)").body)
                let url = try #require(play["posterUrl"]?.string)
                #expect(urls.insert(url).inserted, "the poster URL did not change after \(type)")
                let poster = try await client.media(url)
                #expect(Array(poster.body.readableBytesView.prefix(2)) == [0xFF, 0xD8])
                let size = try await MediaFixtures.run(
                    "ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", "http://127.0.0.1:\(port)" + url])
                #expect(size.trimmingCharacters(in: .whitespacesAndNewlines) == "900,720", "\(type): \(size)")
            }
            #expect(try await put(Array("definitely not a picture".utf8), "image/png").problemCode == "invalid_image")
            #expect(try await put(try await Self.picture("poster-src.png", size: "1000x800"), "image/webp").problemCode == "invalid_image")
            #expect(try await put(try await Self.picture("poster-wide.png", size: "8200x16"), "image/png").problemCode == "image_too_large")
            #expect(try await put([0x89, 0x50], "text/plain").status == .unsupportedMediaType)
            #expect(try await put(Array(repeating: 0, count: (10 << 20) + 1), "image/jpeg").status == .contentTooLarge)
        }
    }
}
