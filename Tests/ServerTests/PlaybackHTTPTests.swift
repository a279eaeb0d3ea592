import Adapters
import AsyncHTTPClient
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO
import Testing
import UseCases

@testable import Server

/// Playback sessions on the real adapters: plans, leases in Redis, sessions in PostgreSQL, media delivery.
@Suite(.serialized) struct PlaybackHTTPTests {
    @Test func playSignsManifestsThatListOnlyThePlansRenditions() async throws {
        try await withApp { client, app in
            let owner = try await client.viewer(app)
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            let viewer = try await client.viewer(app)  // free: at most 480p
            let response = try await client.play(videoId, viewer)
            #expect(response.status == .created)
            let play = try JSON(response.body)
            #expect(play["heartbeatIntervalSeconds"]?.double == 30)
            #expect(play["resumePositionSeconds"]?.double == 0)
            #expect(play["maxResolution"]?.string == "480p")
            #expect(play["renditions"]?.array.compactMap(\.string) == ["480p", "360p"])
            let hls = try #require(play["hlsUrl"]?.string)
            let dash = try #require(play["dashUrl"]?.string)
            let token = try #require(hls.split(separator: "token=").last.map(String.init))
            let base = "/media/\(videoId.uuidString.lowercased())/"
            #expect(hls == base + "master.m3u8?token=" + token)
            #expect(play["posterUrl"]?.string == base + "poster.jpg?token=" + token)

            // HLS master: only the granted rungs, every URI carries the token.
            let master = try await client.media(hls)
            #expect(master.status == .ok)
            #expect(master.headers[.contentType] == "application/vnd.apple.mpegurl")
            #expect(master.headers[.cacheControl] == "private, max-age=3600")
            let masterText = String(buffer: master.body)
            #expect(!masterText.contains("hls-720p") && !masterText.contains("RESOLUTION=1280x720"))
            #expect(masterText.contains("hls-480p.m3u8?token=\(token)") && masterText.contains("hls-360p.m3u8?token=\(token)"))
            #expect(masterText.contains(#"URI="hls-audio.m3u8?token=\#(token)""#))
            let uriLines = masterText.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
            #expect(uriLines.count == 2 && uriLines.allSatisfy { $0.hasSuffix("token=\(token)") })
            // Media playlist: init and segments carry the token.
            let media = String(buffer: try await client.media(base + "hls-480p.m3u8?token=" + token).body)
            #expect(media.contains(#"#EXT-X-MAP:URI="init-1.mp4?token=\#(token)""#))
            #expect(media.contains("seg-1-00001.m4s?token=\(token)"))
            // DASH: the 720p representation is gone, templates carry the token.
            let mpd = try await client.media(dash)
            #expect(mpd.headers[.contentType] == "application/dash+xml")
            let mpdText = String(buffer: mpd.body)
            #expect(!mpdText.contains(#"width="1280""#) && !mpdText.contains(#"<Representation id="0""#))
            #expect(mpdText.contains(#"<Representation id="1""#) && mpdText.contains(#"<Representation id="3""#))
            // The capped MPD announces the largest rung it lists, not the top rung it dropped.
            #expect(mpdText.contains(#"maxWidth="854""#) && mpdText.contains(#"maxHeight="480""#) && !mpdText.contains(#"maxWidth="1280""#))
            #expect(mpdText.contains("media=\"seg-$RepresentationID$-$Number%05d$.m4s?token=\(token)\""))
            // Storyboard track: sprite URLs carry the token.
            let vtt = try await client.media(base + "storyboard.vtt?token=" + token)
            #expect(vtt.headers[.contentType]?.hasPrefix("text/vtt") == true)
            #expect(String(buffer: vtt.body).contains(".jpg?token=\(token)#xywh="))

            // The rung above the plan by direct URL: 403.
            for file in ["hls-720p.m3u8", "init-0.mp4", "seg-0-00001.m4s"] {
                let denied = try await client.media(base + file + "?token=" + token)
                #expect(denied.status == .forbidden && denied.problemCode == "rendition_not_allowed", "\(file)")
            }
            // Granted files: right types, immutable caching, the stored bytes.
            for (file, type) in [("init-1.mp4", "video/mp4"), ("seg-1-00001.m4s", "video/iso.segment"), ("poster.jpg", "image/jpeg")] {
                let ok = try await client.media(base + file + "?token=" + token)
                #expect(ok.status == .ok && ok.headers[.contentType] == type, "\(file)")
                #expect(ok.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(Array(ok.body.readableBytesView) == (try PlaybackFixtures.stored(app, videoId, file)))
            }

            // Tokens: missing, altered, another video's, expired; unknown files.
            #expect(try await client.media(base + "seg-1-00001.m4s").problemCode == "media_token_missing")
            var altered = Array(token)
            altered[5] = altered[5] == "A" ? "B" : "A"
            let tampered = try await client.media(base + "seg-1-00001.m4s?token=" + String(altered))
            #expect(tampered.status == .forbidden && tampered.problemCode == "media_token_invalid")
            let other = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            let foreign = try await client.media("/media/\(other.uuidString.lowercased())/seg-1-00001.m4s?token=" + token)
            #expect(foreign.status == .forbidden && foreign.problemCode == "media_token_invalid")
            let expired = app.ports.mediaTokens.sign(
                MediaGrant(
                    videoId: videoId, sessionId: UUID(), expiresAt: Date().addingTimeInterval(-1),
                    renditions: [.init(representationId: 1, name: "480p")]))
            let late = try await client.media(base + "seg-1-00001.m4s?token=" + expired)
            #expect(late.status == .forbidden && late.problemCode == "media_token_expired")
            let forged = HMACMediaTokenService(secret: Array("another key entirely, 32 bytes or more".utf8)).sign(
                MediaGrant(
                    videoId: videoId, sessionId: UUID(), expiresAt: Date().addingTimeInterval(600),
                    renditions: [.init(representationId: 0, name: "720p")]))
            #expect(try await client.media(base + "seg-0-00001.m4s?token=" + forged).problemCode == "media_token_invalid")
            for file in ["original", "..%2Foriginal", "seg-1-99999.m4s", "notes.txt", "seg-1-x.m4s"] {
                #expect(try await client.media(base + file + "?token=" + token).status == .notFound, "\(file)")
            }
            #expect(try await client.media("/media/not-a-uuid/master.m3u8?token=" + token).status == .notFound)

            // An upgrade to premium opens the top rung in the next play.
            let admin = try await client.viewer(app)
            try await app.makeAdmin(admin.id)
            let upgrade = try await client.send(
                .patch, "/api/v1/admin/users/\(viewer.id)", json: #"{"plan":"premium"}"#, token: admin.access)
            #expect(upgrade.status == .ok)
            #expect(try JSON(upgrade.body)["plan"]?["maxStreams"]?.int == 4)
            let premium = try JSON(try await client.play(videoId, viewer, device: "tv-2").body)
            #expect(premium["maxResolution"]?.string == "720p")
            let premiumMaster = String(buffer: try await client.media(try #require(premium["hlsUrl"]?.string)).body)
            #expect(premiumMaster.contains("hls-720p.m3u8"))
        }
    }

    @Test func aSmallerPlanEndsTheStreamsOverItsLimitKeepingTheLatestHeartbeats() async throws {
        try await withApp { client, app in
            let viewer = try await client.viewer(app, plan: "premium")
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            var sessions: [String] = []
            for device in ["tv", "phone", "tablet"] {
                let play = try await client.play(videoId, viewer, device: device, name: device)
                #expect(play.status == .created)
                sessions.append(try #require(try JSON(play.body)["sessionId"]?.string))
            }
            // The first stream heartbeats last: it is the one the account keeps.
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await client.heartbeat(sessions[0], viewer, position: 12).status == .ok)
            let admin = try await client.viewer(app)
            try await app.makeAdmin(admin.id)
            let patch = { (plan: String, token: String) in
                try await client.send(.patch, "/api/v1/admin/users/\(viewer.id)", json: #"{"plan":"\#(plan)"}"#, token: token)
            }
            // Only an administrator changes plans; the account itself cannot.
            #expect(try await patch("basic", viewer.access).status == .forbidden)
            #expect(try await patch("basic", admin.access).status == .ok)

            let live = try JSON(try await client.send(.get, "/api/v1/me/streams", token: viewer.access).body)["items"]?.array ?? []
            #expect(live.compactMap { $0["sessionId"]?.string } == [sessions[0]])
            for ended in sessions.dropFirst() {
                let heartbeat = try await client.heartbeat(ended, viewer, position: 13)
                #expect(heartbeat.status == .gone && heartbeat.problemCode == "session_expired")
            }
            #expect(try await client.heartbeat(sessions[0], viewer, position: 14).status == .ok)
            let userId = try #require(UUID(uuidString: viewer.id))
            #expect(
                try await app.count(
                    "SELECT count(*)::int FROM playback_sessions WHERE user_id = $1 AND end_reason = 'plan_changed'", userId) == 2)
            // The new limit holds for new plays; moving up again ends nothing.
            #expect(try await client.play(videoId, viewer, device: "laptop", name: "Laptop").status == .conflict)
            #expect(try await patch("premium", admin.access).status == .ok)
            #expect(try await app.count("SELECT count(*)::int FROM playback_sessions WHERE user_id = $1 AND ended_at IS NULL", userId) == 1)
        }
    }

    @Test func webPlayersOnAnotherOriginReadMediaAnswersAndRefusals() async throws {
        // CORS_ALLOWED_ORIGINS lists one app origin; media is open to any origin (the token is the credential).
        try await withApp(["CORS_ALLOWED_ORIGINS": "https://app.example"]) { client, app in
            let viewer = try await client.viewer(app)
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer).body)
            let token = try #require(play["hlsUrl"]?.string?.split(separator: "token=").last.map(String.init))
            let base = "/media/\(videoId.uuidString.lowercased())/"
            let origin: HTTPFields = [.origin: "https://player.example"]
            let exposed = ["Content-Length", "Content-Range", "ETag"]
            for (url, status) in [
                (base + "seg-1-00001.m4s?token=" + token, HTTPResponse.Status.partialContent),
                (base + "seg-1-00001.m4s", .forbidden), (base + "seg-1-00001.m4s?token=x" + token, .forbidden),
                (base + "seg-0-00001.m4s?token=" + token, .forbidden), (base + "seg-1-99999.m4s?token=" + token, .notFound),
                (base + "not-a-file?token=" + token, .notFound), ("/media/nope/master.m3u8?token=" + token, .notFound),
            ] {
                var headers = origin
                headers[.range] = "bytes=0-99"
                let answer = try await client.media(url, headers: headers)
                #expect(answer.status == status, "\(url)")
                #expect(answer.headers[.accessControlAllowOrigin] == "*", "\(url)")
                let exposes = answer.headers[.accessControlExposeHeaders] ?? ""
                #expect(exposed.allSatisfy { exposes.contains($0) }, "\(url)")
            }
            // A preflight for a ranged GET from any origin.
            let preflight = try await client.execute(
                uri: base + "seg-1-00001.m4s", method: .options,
                headers: [.origin: "https://player.example", .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "range"],
                body: nil)
            #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("HEAD") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Range") == true)
            #expect(preflight.headers[.accessControlMaxAge] != nil)
            // The app's own origin, answered by the allow-list, may send Range and read the same fields.
            let appPreflight = try await client.execute(
                uri: base + "seg-1-00001.m4s", method: .options,
                headers: [.origin: "https://app.example", .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "range"],
                body: nil)
            #expect(appPreflight.status == .noContent && appPreflight.headers[.accessControlAllowHeaders]?.contains("Range") == true)
            let appGet = try await client.media(
                base + "seg-1-00001.m4s?token=" + token, headers: [.origin: "https://app.example", .range: "bytes=0-9"])
            #expect(appGet.status == .partialContent && (appGet.headers[.accessControlExposeHeaders] ?? "").contains("Content-Range"))
        }
    }

    @Test func rangesAndConditionalRequestsOnSegments() async throws {
        try await withApp { client, app in
            let viewer = try await client.viewer(app)
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer).body)
            let token = try #require(play["hlsUrl"]?.string?.split(separator: "token=").last.map(String.init))
            let url = "/media/\(videoId.uuidString.lowercased())/seg-1-00001.m4s?token=" + token
            let bytes = try PlaybackFixtures.stored(app, videoId, "seg-1-00001.m4s")
            let size = bytes.count
            #expect(size > 1000)
            func get(_ range: String) async throws -> TestResponse { try await client.media(url, headers: [.range: range]) }

            let first = try await get("bytes=0-0")
            #expect(first.status == .partialContent && first.headers[.contentRange] == "bytes 0-0/\(size)")
            #expect(Array(first.body.readableBytesView) == [bytes[0]])
            let last = try await get("bytes=\(size - 1)-\(size - 1)")
            #expect(last.status == .partialContent && Array(last.body.readableBytesView) == [bytes[size - 1]])
            let suffix = try await get("bytes=-100")
            #expect(suffix.headers[.contentRange] == "bytes \(size - 100)-\(size - 1)/\(size)")
            #expect(Array(suffix.body.readableBytesView) == Array(bytes[(size - 100)...]))
            let open = try await get("bytes=10-")
            #expect(open.status == .partialContent && Array(open.body.readableBytesView) == Array(bytes[10...]))
            let clipped = try await get("bytes=100-999999999")
            #expect(clipped.headers[.contentRange] == "bytes 100-\(size - 1)/\(size)" && clipped.body.readableBytes == size - 100)
            for unsatisfiable in ["bytes=\(size)-", "bytes=\(size + 10)-\(size + 20)", "bytes=-0"] {
                let refused = try await get(unsatisfiable)
                #expect(refused.status == .rangeNotSatisfiable && refused.headers[.contentRange] == "bytes */\(size)", "\(unsatisfiable)")
            }
            // Malformed or multiple ranges are ignored: the whole file.
            for ignored in ["bytes=5-2", "items=0-1", "bytes=0-1,5-6", "bytes=abc"] {
                let whole = try await get(ignored)
                #expect(whole.status == .ok && whole.body.readableBytes == size, "\(ignored)")
            }
            // ETag and If-None-Match.
            let full = try await client.media(url)
            let etag = try #require(full.headers[.eTag])
            #expect(full.headers[.acceptRanges] == "bytes")
            #expect(try await client.media(url, headers: [.ifNoneMatch: etag]).status == .notModified)
            #expect(try await client.media(url, headers: [.ifNoneMatch: "\"other\""]).status == .ok)
            let master = try await client.media(try #require(play["hlsUrl"]?.string))
            let masterTag = try #require(master.headers[.eTag])
            #expect(try await client.media(try #require(play["hlsUrl"]?.string), headers: [.ifNoneMatch: masterTag]).status == .notModified)
        }
    }

    /// Media on S3 (the test's moto server): segments are proxied with ranges and conditional requests, or, with
    /// `MEDIA_S3_REDIRECT`, answered with a redirect to a presigned URL once the token has been checked; playlists
    /// are always served by zviewer (they carry the token).
    @Test(arguments: [false, true])
    func mediaOnS3IsProxiedOrRedirectedToPresignedURLs(redirect: Bool) async throws {
        let settings = [
            "STORAGE_BACKEND": "s3", "S3_ENDPOINT": try TestSettings.env("TEST_S3_ENDPOINT"),
            "S3_BUCKET": "zv-media-\(UUID().uuidString.prefix(8).lowercased())", "S3_ACCESS_KEY_ID": "testing",
            "S3_SECRET_ACCESS_KEY": "testing", "S3_PATH_STYLE": "true", "S3_CREATE_BUCKET": "true",
            "MEDIA_S3_REDIRECT": String(redirect),
        ]
        try await withApp(settings) { client, app in
            #expect(app.storage is S3ObjectStorage)
            let viewer = try await client.viewer(app)
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer).body)
            let hls = try #require(play["hlsUrl"]?.string)
            let token = try #require(hls.split(separator: "token=").last.map(String.init))
            let (directory, _) = try await PlaybackFixtures.cache.get()
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/seg-1-00001.m4s")))
            let size = bytes.count
            let segment = "/media/\(videoId.uuidString.lowercased())/seg-1-00001.m4s?token=" + token

            let master = try await client.media(hls)
            #expect(master.status == .ok && master.headers[.location] == nil)
            #expect(master.headers[.contentType] == "application/vnd.apple.mpegurl")
            #expect(String(buffer: master.body).contains("token="))
            // The token is checked before anything else: no presigned URL without one.
            let tampered = try await client.media(segment.replacingOccurrences(of: "token=", with: "token=x"))
            #expect(tampered.status == .forbidden && tampered.headers[.location] == nil)
            #expect(try await client.media("/media/\(videoId.uuidString.lowercased())/seg-1-00001.m4s").status == .forbidden)

            let full = try await client.media(segment)
            let etag: String
            if redirect {
                #expect(full.status == .found)
                let location = try #require(full.headers[.location])
                #expect(location.hasPrefix(try TestSettings.env("TEST_S3_ENDPOINT")) && location.contains("X-Amz-Signature="))
                #expect(full.body.readableBytes == 0)
                let fetched = try await HTTPClient.shared.execute(HTTPClientRequest(url: location), timeout: .seconds(20))
                #expect(fetched.status.code == 200)
                #expect(Array(try await fetched.body.collect(upTo: 16 << 20).readableBytesView) == bytes)
                etag = try #require(fetched.headers.first(name: "ETag"))
                // A range is redirected too, and the player sends it on to the presigned URL.
                let ranged = try await client.media(segment, headers: [.range: "bytes=-100"])
                var request = HTTPClientRequest(url: try #require(ranged.headers[.location]))
                request.headers.add(name: "Range", value: "bytes=-100")
                let part = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
                #expect(part.status.code == 206)
                #expect(Array(try await part.body.collect(upTo: 1 << 20).readableBytesView) == Array(bytes[(size - 100)...]))
            } else {
                #expect(full.status == .ok && full.headers[.contentType] == "video/iso.segment")
                #expect(Array(full.body.readableBytesView) == bytes)
                etag = try #require(full.headers[.eTag])
                let first = try await client.media(segment, headers: [.range: "bytes=0-0"])
                #expect(first.status == .partialContent && first.headers[.contentRange] == "bytes 0-0/\(size)")
                #expect(Array(first.body.readableBytesView) == [bytes[0]])
                let suffix = try await client.media(segment, headers: [.range: "bytes=-100"])
                #expect(suffix.status == .partialContent && Array(suffix.body.readableBytesView) == Array(bytes[(size - 100)...]))
            }
            // Either way, what needs no body is answered here: not modified (the stored object's ETag, as S3 gives
            // it), and an unsatisfiable range.
            let revalidated = try await client.media(segment, headers: [.ifNoneMatch: etag])
            #expect(revalidated.status == .notModified && revalidated.headers[.location] == nil)
            let beyond = try await client.media(segment, headers: [.range: "bytes=\(size)-"])
            #expect(beyond.status == .rangeNotSatisfiable && beyond.headers[.contentRange] == "bytes */\(size)")
        }
    }

    @Test func largeFilesStreamInChunksAndEmptyOrMissingFilesAreHandled() async throws {
        try await withApp { client, app in
            let viewer = try await client.viewer(app)
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer).body)
            let token = try #require(play["hlsUrl"]?.string?.split(separator: "token=").last.map(String.init))
            // 1.3 MB: more than two of the 512 KiB storage reads. Built and compared through raw memory: element-wise
            // work on a million bytes is slow in a debug build and would hold a test thread other suites need.
            var big = [UInt8](repeating: 0, count: 1_300_000)
            big.withUnsafeMutableBufferPointer { bytes in
                for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 7 &+ index >> 9) }
            }
            func same(_ body: ByteBuffer, _ range: ClosedRange<Int>) -> Bool {
                body.withUnsafeReadableBytes { served in
                    big.withUnsafeBytes { stored in
                        guard served.count == range.count, let from = served.baseAddress, let base = stored.baseAddress else {
                            return false
                        }
                        return memcmp(from, base + range.lowerBound, range.count) == 0
                    }
                }
            }
            _ = try await app.storage.put(key: try Video.mediaKey(videoId, path: "seg-1-00090.m4s"), body: .chunks([big]))
            _ = try await app.storage.put(key: try Video.mediaKey(videoId, path: "seg-1-00091.m4s"), body: .chunks([[]]))
            let base = "/media/\(videoId.lowercasedString)/"
            let whole = try await client.media(base + "seg-1-00090.m4s?token=" + token)
            #expect(whole.status == .ok && whole.headers[.contentLength] == "1300000" && same(whole.body, 0...(big.count - 1)))
            for (first, last) in [(524_000, 1_100_000), (524_288, 1_048_576), (0, 524_287), (1_299_000, 1_299_999)] {
                let part = try await client.media(base + "seg-1-00090.m4s?token=" + token, headers: [.range: "bytes=\(first)-\(last)"])
                #expect(part.status == .partialContent && same(part.body, first...last), "\(first)-\(last)")
            }
            let empty = try await client.media(base + "seg-1-00091.m4s?token=" + token)
            #expect(empty.status == .ok && empty.headers[.contentLength] == "0" && empty.body.readableBytes == 0)
            #expect(try await client.media(base + "seg-1-00092.m4s?token=" + token).status == .notFound)
        }
    }

    @Test func fiftyConcurrentPlaysTakeExactlyThePlansSlots() async throws {
        try await withApp { client, app in
            let viewer = try await client.viewer(app, plan: "standard")  // 2 streams
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id, title: "Racing")
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let response = try await client.play(videoId, viewer, device: "device-\(index)", name: "Phone \(index)")
                        return (response.status, response.problemCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == .created }.count == 2)
            #expect(statuses.filter { $0.0 == .conflict && $0.1 == "concurrent_stream_limit" }.count == 48)
            let streams = try JSON(try await client.send(.get, "/api/v1/me/streams", token: viewer.access).body)
            #expect(streams["maxStreams"]?.int == 2 && streams["plan"]?["id"]?.string == "standard")
            let live = streams["items"]?.array ?? []
            #expect(live.count == 2)
            #expect(live.allSatisfy { $0["videoTitle"]?.string == "Racing" && $0["deviceName"]?.string?.hasPrefix("Phone ") == true })
            #expect(
                try await app.count(
                    "SELECT count(*)::int FROM playback_sessions WHERE user_id = $1 AND ended_at IS NULL", UUID(uuidString: viewer.id)!)
                    == 2)

            // At the limit: a 409 listing the live streams.
            let refused = try await client.play(videoId, viewer, device: "laptop", name: "Laptop")
            #expect(refused.status == .conflict)
            let problem = try JSON(refused.body)
            let listed = problem["activeStreams"]?.array ?? []
            #expect(Set(listed.compactMap { $0["sessionId"]?.string }) == Set(live.compactMap { $0["sessionId"]?.string }))
            #expect(
                listed.allSatisfy {
                    $0["deviceName"] != nil && $0["videoTitle"]?.string == "Racing" && $0["startedAt"] != nil
                        && $0["lastHeartbeatAt"] != nil
                })

            // The same device playing again replaces its own lease instead of taking a slot.
            let first = try #require(live.first)
            let device = try #require(first["deviceId"]?.string)
            let replay = try await client.play(videoId, viewer, device: device, name: "Phone again")
            #expect(replay.status == .created)
            let replaced = try #require(first["sessionId"]?.string)
            #expect(try await client.heartbeat(replaced, viewer, position: 5).problemCode == "session_expired")

            // Stop one: a new play succeeds at once.
            let newSession = try #require(try JSON(replay.body)["sessionId"]?.string)
            let stop = try await client.send(
                .post, "/api/v1/playback/\(newSession)/stop", json: #"{"positionSeconds":3}"#, token: viewer.access)
            #expect(stop.status == .noContent)
            #expect(try await client.play(videoId, viewer, device: "laptop", name: "Laptop").status == .created)
            // Stopping again is harmless.
            #expect(try await client.send(.post, "/api/v1/playback/\(newSession)/stop", token: viewer.access).status == .noContent)

            // Remote stop (kick): the kicked device's next heartbeat is 410, and the slot is free.
            let now = try JSON(try await client.send(.get, "/api/v1/me/streams", token: viewer.access).body)["items"]?.array ?? []
            let victim = try #require(now.first { $0["deviceId"]?.string != "laptop" }?["sessionId"]?.string)
            #expect(try await client.send(.delete, "/api/v1/me/streams/\(victim)", token: viewer.access).status == .noContent)
            let kicked = try await client.heartbeat(victim, viewer, position: 9)
            #expect(kicked.status == .gone && kicked.problemCode == "session_expired")
            #expect(try await client.play(videoId, viewer, device: "tablet", name: "Tablet").status == .created)
            #expect(
                try await app.count(
                    "SELECT count(*)::int FROM playback_sessions WHERE user_id = $1 AND end_reason = 'kicked'", UUID(uuidString: viewer.id)!
                ) == 1)

            // Another account can neither heartbeat, stop nor kick these sessions.
            let stranger = try await client.viewer(app)
            let mine = try #require(
                try JSON(try await client.send(.get, "/api/v1/me/streams", token: viewer.access).body)["items"]?.array.first?["sessionId"]?
                    .string)
            #expect(try await client.heartbeat(mine, stranger, position: 1).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/playback/\(mine)/stop", token: stranger.access).status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/me/streams/\(mine)", token: stranger.access).status == .notFound)
            #expect(try await client.heartbeat(mine, viewer, position: 2).status == .ok)
        }
    }

    @Test func missedHeartbeatsFreeTheSlotAndTheSweeperEndsTheSession() async throws {
        try await withApp(["PLAYBACK_HEARTBEAT_SECONDS": "1"]) { client, app in
            let viewer = try await client.viewer(app)  // free: 1 stream
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer, device: "a").body)
            #expect(play["heartbeatIntervalSeconds"]?.double == 1)
            let session = try #require(play["sessionId"]?.string)
            let beat = try await client.heartbeat(session, viewer, position: 2.5)
            #expect(beat.status == .ok)
            #expect(try JSON(beat.body)["nextHeartbeatSeconds"]?.double == 1)
            #expect(try await client.play(videoId, viewer, device: "b").problemCode == "concurrent_stream_limit")
            try await app.useCases.flushPlayback.execute()
            // No heartbeat for three intervals: the lease is gone and another device may play.
            try await Task.sleep(for: .milliseconds(3300))
            let second = try await client.play(videoId, viewer, device: "b")
            #expect(second.status == .created)
            #expect(try await client.heartbeat(session, viewer, position: 3).status == .gone)
            // The sweeper ends a silent session in PostgreSQL with its last position.
            let silent = try #require(try JSON(second.body)["sessionId"]?.string)
            #expect(try await client.heartbeat(silent, viewer, position: 4.25).status == .ok)
            try await app.useCases.flushPlayback.execute()
            try await Task.sleep(for: .milliseconds(3300))
            #expect(try await app.useCases.expireSessions.execute() >= 1)
            let id = try #require(UUID(uuidString: silent))
            let rows = try await app.postgres.query(
                "SELECT end_reason, position_seconds FROM playback_sessions WHERE id = \(id)", logger: app.logger)
            for try await (reason, position) in rows.decode((String?, Double).self) {
                #expect(reason == "expired" && position == 4.25)
            }
            #expect(try await client.heartbeat(silent, viewer, position: 5).status == .gone)
            #expect(try await app.useCases.expireSessions.execute() == 0)
        }
    }

    /// A player that crashes and is reopened on the same device after watching for a while replaces its own lease,
    /// however long the stream ran (the lease keys live as long as heartbeats keep them, not from the play).
    @Test func theSameDeviceReplacesItsLeaseAfterALongStream() async throws {
        try await withApp(["PLAYBACK_HEARTBEAT_SECONDS": "1"]) { client, app in
            let viewer = try await client.viewer(app)  // free: 1 stream
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let first = try #require(try JSON(try await client.play(videoId, viewer, device: "tv").body)["sessionId"]?.string)
            // Longer than twice the lease (3 s), heartbeating all the while.
            for second in 1...8 {
                try await Task.sleep(for: .milliseconds(900))
                #expect(try await client.heartbeat(first, viewer, position: Double(second)).status == .ok)
            }
            #expect(try await client.play(videoId, viewer, device: "phone").problemCode == "concurrent_stream_limit")
            let again = try await client.play(videoId, viewer, device: "tv", name: "TV again")
            #expect(again.status == .created)
            #expect(try await client.heartbeat(first, viewer, position: 9).problemCode == "session_expired")
            let second = try #require(try JSON(again.body)["sessionId"]?.string)
            #expect(try await client.heartbeat(second, viewer, position: 1).status == .ok)
            #expect(try await client.play(videoId, viewer, device: "phone").problemCode == "concurrent_stream_limit")
        }
    }

    @Test func limitsRecoverFromPostgresWhenRedisLosesItsState() async throws {
        try await withApp(["PLAYBACK_HEARTBEAT_SECONDS": "2"]) { client, app in
            let viewer = try await client.viewer(app, plan: "standard")
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let a = try #require(try JSON(try await client.play(videoId, viewer, device: "a").body)["sessionId"]?.string)
            let b = try #require(try JSON(try await client.play(videoId, viewer, device: "b").body)["sessionId"]?.string)
            #expect(try await client.heartbeat(a, viewer, position: 1).status == .ok)
            try await app.useCases.flushPlayback.execute()
            // Redis restarts empty (this app's keys only: other suites share the server).
            try await Self.wipeRedis(app)
            // The next play restores the leases from PostgreSQL before counting: still at the limit.
            let refused = try await client.play(videoId, viewer, device: "c")
            #expect(refused.status == .conflict && refused.problemCode == "concurrent_stream_limit")
            #expect(Set((try JSON(refused.body))["activeStreams"]?.array.compactMap { $0["sessionId"]?.string } ?? []) == [a, b])
            // Live sessions keep heartbeating through the loss.
            #expect(try await client.heartbeat(a, viewer, position: 2).status == .ok)
            #expect(try await client.heartbeat(b, viewer, position: 2).status == .ok)

            // Without a play, the background check restores within one heartbeat interval.
            try await Self.wipeRedis(app)
            try await Task.sleep(for: .milliseconds(2100))
            #expect(try await app.ports.leases.isRestored())
            #expect(try await app.ports.leases.active(userId: UUID(uuidString: viewer.id)!, now: Date()).count == 2)

            // Ghosts do not outlive their lease: b stops heartbeating and frees its slot after three intervals.
            try await Self.wipeRedis(app)
            for _ in 0..<4 {
                try await Task.sleep(for: .milliseconds(1800))
                #expect(try await client.heartbeat(a, viewer, position: 3).status == .ok)
            }
            try await app.useCases.flushPlayback.execute()
            #expect(try await client.play(videoId, viewer, device: "c").status == .created)
        }
    }

    @Test func withRedisDownPostgresEnforcesTheLimit() async throws {
        try await withApp(["REDIS_URL": "redis://127.0.0.1:1"]) { client, app in
            let viewer = try await client.viewer(app)
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let first = try await client.play(videoId, viewer, device: "a")
            #expect(first.status == .created)
            let refused = try await client.play(videoId, viewer, device: "b")
            #expect(refused.status == .conflict && refused.problemCode == "concurrent_stream_limit")
            let session = try #require(try JSON(first.body)["sessionId"]?.string)
            #expect(try await client.heartbeat(session, viewer, position: 3).status == .ok)
            #expect(try await client.send(.post, "/api/v1/playback/\(session)/stop", token: viewer.access).status == .noContent)
            #expect(try await client.play(videoId, viewer, device: "b").status == .created)
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == .serviceUnavailable && String(buffer: ready.body).contains("redis"))
        }
    }

    @Test func historyResumeCompletionAndOneViewPerAccountPerWindow() async throws {
        try await withApp(["VIEW_AFTER_SECONDS": "2"]) { client, app in
            let viewer = try await client.viewer(app, plan: "premium")
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id, title: "Resumable")
            let vid = videoId.uuidString.lowercased()
            func views() async throws -> Int {
                try await app.count("SELECT view_count::int FROM videos WHERE id = $1", videoId)
            }
            let s1 = try #require(try JSON(try await client.play(videoId, viewer).body)["sessionId"]?.string)
            #expect(try await client.heartbeat(s1, viewer, position: 0).status == .ok)
            try await Task.sleep(for: .milliseconds(1100))
            // Seeking far ahead counts at most the wall time (plus a second).
            #expect(try await client.heartbeat(s1, viewer, position: 1.5).status == .ok)
            try await app.useCases.flushPlayback.execute()
            #expect(try await views() == 0)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await client.heartbeat(s1, viewer, position: 3).status == .ok)
            try await app.useCases.flushPlayback.execute()
            #expect(try await views() == 1)

            let history = try JSON(
                try await client.send(.get, "/api/v1/me/history?profileId=\(viewer.profileId)", token: viewer.access).body)
            let entry = try #require(history["items"]?.array.first)
            #expect(entry["videoId"]?.string == vid && entry["positionSeconds"]?.double == 3 && entry["completed"]?.bool == false)
            #expect(abs((entry["watchedSeconds"]?.double ?? 0) - 3) < 0.001)
            let continuing = try JSON(try await client.send(.get, "/api/v1/me/continue-watching", token: viewer.access).body)
            #expect(continuing["items"]?.array.compactMap { $0["videoId"]?.string } == [vid])

            // Play again: resume where it stopped; the same account within the hour is not a second view.
            let again = try JSON(try await client.play(videoId, viewer, device: "tv-2").body)
            #expect(again["resumePositionSeconds"]?.double == 3)
            let s2 = try #require(again["sessionId"]?.string)
            #expect(try await client.heartbeat(s2, viewer, position: 3).status == .ok)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await client.heartbeat(s2, viewer, position: 5).status == .ok)
            try await app.useCases.flushPlayback.execute()
            #expect(try await views() == 1)
            // Another account is another view.
            let other = try await client.viewer(app)
            let s3 = try #require(try JSON(try await client.play(videoId, other).body)["sessionId"]?.string)
            #expect(try await client.heartbeat(s3, other, position: 0).status == .ok)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await client.heartbeat(s3, other, position: 2).status == .ok)
            try await app.useCases.flushPlayback.execute()
            #expect(try await views() == 2)

            // Stopping at 95 % completes it: out of continue-watching, next play starts at 0.
            let duration = try #require(
                try JSON(try await client.send(.get, "/api/v1/videos/\(vid)", token: viewer.access).body)["durationSeconds"]?.double)
            let stop = try await client.send(
                .post, "/api/v1/playback/\(s2)/stop", json: #"{"positionSeconds":\#(duration * 0.96)}"#, token: viewer.access)
            #expect(stop.status == .noContent)
            let done = try JSON(try await client.send(.get, "/api/v1/me/history", token: viewer.access).body)
            #expect(done["items"]?.array.first?["completed"]?.bool == true)
            #expect(
                try JSON(try await client.send(.get, "/api/v1/me/continue-watching", token: viewer.access).body)["items"]?.array.isEmpty
                    == true)
            #expect(try JSON(try await client.play(videoId, viewer, device: "tv-3").body)["resumePositionSeconds"]?.double == 0)

            // Nobody else sees or deletes this history.
            #expect(try JSON(try await client.send(.get, "/api/v1/me/history", token: other.access).body)["items"]?.array.count == 1)
            #expect(
                try await client.send(.get, "/api/v1/me/history?profileId=\(viewer.profileId)", token: other.access).problemCode
                    == "profile_not_found")
            #expect(
                try await client.send(.delete, "/api/v1/me/history/\(vid)?profileId=\(viewer.profileId)", token: other.access).status
                    == .notFound)
            #expect(try await client.send(.delete, "/api/v1/me/history/\(vid)", token: viewer.access).status == .noContent)
            #expect(try JSON(try await client.send(.get, "/api/v1/me/history", token: viewer.access).body)["items"]?.array.isEmpty == true)
            #expect(try JSON(try await client.send(.get, "/api/v1/me/history", token: other.access).body)["items"]?.array.count == 1)
            #expect(try await client.send(.get, "/api/v1/me/history?profileId=nope", token: viewer.access).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/me/history?limit=0", token: viewer.access).problemCode == "invalid_limit")
        }
    }

    @Test func hostileAndUnauthorisedPlaybackRequests() async throws {
        try await withApp { client, app in
            let owner = try await client.viewer(app)
            let stranger = try await client.viewer(app)
            let privateVideo = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, visibility: .private)
            let unlisted = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, visibility: .unlisted)
            // Visibility: private is the owner's (others 404), unlisted plays for anyone with the id.
            #expect(try await client.play(privateVideo, stranger).problemCode == "video_not_found")
            #expect(try await client.play(privateVideo, owner).status == .created)
            #expect(try await client.play(unlisted, stranger).status == .created)
            #expect(try await client.play(UUID(), stranger).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/videos/nope/play", json: "{}", token: stranger.access).status == .notFound)
            // A video still processing: the owner gets 409, others 404.
            let pending = UUID()
            try await app.ports.videos.create(
                Video(
                    id: pending, ownerId: UUID(uuidString: owner.id)!, title: "wip", description: "", tags: [], visibility: .public,
                    status: .processing, originalFilename: nil, sizeBytes: 0, createdAt: Date(), updatedAt: Date()),
                job: nil, defaultQuotaBytes: 1 << 40)
            #expect(try await client.play(pending, owner).problemCode == "video_not_ready")
            #expect(try await client.play(pending, stranger).status == .notFound)

            let uri = "/api/v1/videos/\(unlisted.uuidString.lowercased())/play"
            #expect(
                try await client.send(.post, uri, json: #"{"profileId":"\#(stranger.profileId)","deviceId":"a","deviceName":"b"}"#).status
                    == .unauthorized)
            // Someone else's profile.
            let foreignProfile = #"{"profileId":"\#(owner.profileId)","deviceId":"a","deviceName":"b"}"#
            #expect(try await client.send(.post, uri, json: foreignProfile, token: stranger.access).problemCode == "profile_not_found")
            for (body, expected) in [
                ("{", HTTPResponse.Status.badRequest), ("[]", .badRequest), (#"{"deviceId":"a","deviceName":"b"}"#, .badRequest),
                (#"{"profileId":"x","deviceId":"a","deviceName":"b"}"#, .unprocessableContent),
                (#"{"profileId":"\#(stranger.profileId)","deviceId":"","deviceName":"b"}"#, .unprocessableContent),
                (#"{"profileId":"\#(stranger.profileId)","deviceId":"a b","deviceName":"b"}"#, .unprocessableContent),
                (
                    #"{"profileId":"\#(stranger.profileId)","deviceId":"a","deviceName":"\#(String(repeating: "n", count: 101))"}"#,
                    .unprocessableContent
                ),
                (#"{"profileId":"\#(stranger.profileId)","deviceId":"a","deviceName":"tab\u0007"}"#, .unprocessableContent),
                (#"{"profileId":"\#(stranger.profileId)","deviceId":7,"deviceName":"b"}"#, .badRequest),
            ] {
                let response = try await client.send(.post, uri, json: body, token: stranger.access)
                #expect(response.status == expected, "\(body) -> \(response.status)")
            }
            #expect(
                try await client.send(.post, uri, json: "x", token: stranger.access, contentType: "text/plain").status
                    == .unsupportedMediaType)

            // Heartbeat inputs.
            let session = try #require(try JSON(try await client.play(unlisted, stranger).body)["sessionId"]?.string)
            let beat = "/api/v1/playback/\(session)/heartbeat"
            for body in [
                #"{"positionSeconds":-1}"#, #"{"positionSeconds":1e300}"#, #"{"positionSeconds":1,"bufferHealthSeconds":-2}"#,
                #"{"positionSeconds":1,"bitrate":-5}"#, #"{"positionSeconds":1,"rendition":""}"#,
            ] {
                #expect(try await client.send(.post, beat, json: body, token: stranger.access).status == .unprocessableContent, "\(body)")
            }
            #expect(try await client.send(.post, beat, json: #"{"positionSeconds":"1"}"#, token: stranger.access).status == .badRequest)
            #expect(try await client.send(.post, beat, json: "{}", token: stranger.access).status == .badRequest)
            #expect(
                try await client.send(
                    .post, "/api/v1/playback/\(UUID())/heartbeat", json: #"{"positionSeconds":1}"#, token: stranger.access
                ).problemCode == "session_not_found")
            #expect(
                try await client.send(.post, "/api/v1/playback/x/heartbeat", json: #"{"positionSeconds":1}"#, token: stranger.access).status
                    == .notFound)
            #expect(try await client.send(.post, beat, json: #"{"positionSeconds":1}"#).status == .unauthorized)
            #expect(
                try await client.send(.post, "/api/v1/playback/\(session)/stop", json: #"{"positionSeconds":-3}"#, token: stranger.access)
                    .status == .unprocessableContent)
            #expect(try await client.send(.delete, "/api/v1/me/streams/\(UUID())", token: stranger.access).status == .notFound)

            // Plans: listed publicly; only administrators change an account's plan.
            let plans = try JSON(try await client.send(.get, "/api/v1/plans").body)["items"]?.array ?? []
            #expect(plans.compactMap { $0["id"]?.string } == ["free", "basic", "standard", "premium"])
            #expect(plans.compactMap { $0["maxStreams"]?.int } == [1, 1, 2, 4])
            let patch = "/api/v1/admin/users/\(stranger.id)"
            #expect(try await client.send(.patch, patch, json: #"{"plan":"premium"}"#, token: stranger.access).status == .forbidden)
            #expect(try await client.send(.patch, patch, json: #"{"plan":"premium"}"#).status == .unauthorized)
            try await app.makeAdmin(owner.id)
            #expect(try await client.send(.patch, patch, json: #"{"plan":"gold"}"#, token: owner.access).problemCode == "unknown_plan")
            #expect(try await client.send(.patch, patch, json: "{}", token: owner.access).status == .badRequest)
            #expect(
                try await client.send(.patch, "/api/v1/admin/users/\(UUID())", json: #"{"plan":"basic"}"#, token: owner.access).problemCode
                    == "user_not_found")
            #expect(try await client.send(.patch, patch, json: #"{"plan":"basic"}"#, token: owner.access).status == .ok)
            let streams = try JSON(try await client.send(.get, "/api/v1/me/streams", token: stranger.access).body)
            #expect(streams["plan"]?["id"]?.string == "basic" && streams["plan"]?["maxResolution"]?.string == "720p")
        }
    }

    @Test func hlsAndDashOpenEndToEndInFFmpegThroughTheServer() async throws {
        try await withLiveApp { client, app in
            let viewer = try await client.viewer(app, plan: "basic")  // up to 720p
            let videoId = try await PlaybackFixtures.readyVideo(app, ownerId: viewer.id)
            let play = try JSON(try await client.play(videoId, viewer).body)
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            let hls = base + (try #require(play["hlsUrl"]?.string))
            let dash = base + (try #require(play["dashUrl"]?.string))
            for url in [hls, dash] {
                let heights = try await MediaFixtures.run(
                    "ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries", "stream=height", "-of", "csv=p=0", url])
                #expect(Set(heights.split(separator: "\n").map(String.init)) == ["720", "480", "360"], "\(url): \(heights)")
                try await MediaFixtures.decodes(url, map: "0:v:0")
                try await MediaFixtures.decodes(url, map: "0:a:0")
            }
            // The free plan's package never offers 720p, even to ffprobe.
            let free = try await client.viewer(app)
            let freePlay = try JSON(try await client.play(videoId, free).body)
            let heights = try await MediaFixtures.run(
                "ffprobe",
                [
                    "-v", "error", "-select_streams", "v", "-show_entries", "stream=height", "-of", "csv=p=0",
                    base + (try #require(freePlay["dashUrl"]?.string)),
                ])
            #expect(!heights.contains("720") && heights.contains("480"))
        }
    }

    /// Deletes every key of this app (its own prefix) as if Redis had restarted empty.
    static func wipeRedis(_ app: AppDependencies) async throws {
        var cursor = "0"
        repeat {
            let reply = try await app.redis.send(["SCAN", cursor, "MATCH", app.config.redisKeyPrefix + "*", "COUNT", "1000"])
            guard case .array(let parts?) = reply, parts.count == 2, case .array(let keys?) = parts[1] else { break }
            cursor = parts[0].string ?? "0"
            let names = keys.compactMap(\.string)
            if !names.isEmpty { try await app.redis.send(["DEL"] + names) }
        } while cursor != "0"
    }
}
