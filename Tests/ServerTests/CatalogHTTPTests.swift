import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ServiceLifecycle
import Testing
import UseCases

@testable import Server

extension TestClientProtocol {
    /// PATCHes a video's fields (JSON object text) and returns the response.
    func patchVideo(_ id: UUID, _ json: String, token: String) async throws -> TestResponse {
        try await send(.patch, "/api/v1/videos/\(id.uuidString.lowercased())", json: json, token: token)
    }

    /// Every id the catalog lists on every page of `query` (`?...`).
    func catalogIds(_ query: String = "", token: String? = nil) async throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        repeat {
            let uri = "/api/v1/catalog?limit=100" + query + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try JSON(try await send(.get, uri, token: token).body)
            ids += page["items"]?.array.compactMap { ($0["video"] ?? $0["series"])?["id"]?.string } ?? []
            cursor = page["nextCursor"]?.string
        } while cursor != nil
        return ids
    }
}

@Suite struct CatalogHTTPTests {
    @Test func videoCatalogFieldsAndTheirRefusals() async throws {
        try await withApp { client, app in
            let owner = try await client.viewer(app)
            let id = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            let genres =
                try JSON(try await client.send(.get, "/api/v1/genres").body)["items"]?.array.compactMap { $0["slug"]?.string } ?? []
            let required = [
                "action", "animation", "comedy", "documentary", "drama", "family", "horror", "kids", "music", "news", "romance",
                "sci-fi", "sports", "thriller",
            ]
            #expect(Set(required).isSubset(of: Set(genres)))
            let edited = try await client.patchVideo(
                id,
                #"{"kind":"movie","genres":["sci-fi","drama"],"maturityRating":"13+","language":"pt-br","releaseYear":1999,"#
                    + #""availableFrom":"2020-01-01T00:00:00Z","availableUntil":"2999-01-01T00:00:00+02:00","#
                    + #""regions":{"mode":"deny","countries":["kp"]}}"#, token: owner.access)
            #expect(edited.status == .ok)
            let video = try JSON(edited.body)
            #expect(video["kind"]?.string == "movie")
            #expect(video["genres"]?.array.compactMap(\.string) == ["sci-fi", "drama"])
            #expect(video["maturityRating"]?.string == "13+")
            #expect(video["language"]?.string == "pt-BR")
            #expect(video["releaseYear"]?.int == 1999)
            #expect(video["regions"]?["countries"]?.array.compactMap(\.string) == ["KP"])
            #expect(video["available"]?.bool == true)
            #expect(video["unavailableReason"] == nil)
            let cleared = try JSON(try await client.patchVideo(id, #"{"regions":null,"language":null}"#, token: owner.access).body)
            #expect(cleared["regions"] == nil && cleared["language"] == nil && cleared["releaseYear"]?.int == 1999)
            for (body, status, code) in [
                (#"{"genres":["polka"]}"#, HTTPResponse.Status.unprocessableContent, "unknown_genre"),
                (#"{"maturityRating":"12"}"#, .unprocessableContent, "invalid_maturity_rating"),
                (#"{"language":"english please"}"#, .unprocessableContent, "invalid_language"),
                (#"{"regions":{"mode":"allow","countries":["QQ"]}}"#, .unprocessableContent, "invalid_regions"),
                (#"{"regions":{"mode":"sometimes","countries":[]}}"#, .unprocessableContent, "invalid_regions"),
                (#"{"publishAt":"tomorrow"}"#, .unprocessableContent, "invalid_timestamp"),
                (#"{"releaseYear":1887}"#, .unprocessableContent, "invalid_release_year"),
                (#"{"kind":"episode"}"#, .unprocessableContent, "invalid_kind"),
                (
                    #"{"availableFrom":"2030-01-01T00:00:00Z","availableUntil":"2029-01-01T00:00:00Z"}"#, .unprocessableContent,
                    "invalid_availability"
                ),
                (#"{"releaseYear":"1999"}"#, .badRequest, "invalid_body"),
            ] {
                let response = try await client.patchVideo(id, body, token: owner.access)
                #expect(response.status == status && response.problemCode == code, "\(body)")
            }
            // Nothing of the refused edits stuck.
            let after = try JSON(try await client.send(.get, "/api/v1/videos/\(id.uuidString.lowercased())").body)
            #expect(after["genres"]?.array.compactMap(\.string) == ["sci-fi", "drama"] && after["releaseYear"]?.int == 1999)
        }
    }

    @Test func catalogFiltersAndBadFilters() async throws {
        try await withApp { client, app in
            let owner = try await client.viewer(app)
            let movie = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, title: "Catalog movie \(UUID())")
            _ = try await client.patchVideo(
                movie, #"{"kind":"movie","genres":["western"],"releaseYear":1969,"language":"en-GB"}"#, token: owner.access)
            let hidden = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, visibility: .unlisted)
            let ids = try await client.catalogIds("&kind=movie&genre=western&year=1969&language=en")
            #expect(ids.contains(movie.uuidString.lowercased()))
            #expect(try await !client.catalogIds("&kind=clip").contains(movie.uuidString.lowercased()))
            #expect(try await !client.catalogIds().contains(hidden.uuidString.lowercased()))
            for (query, status, code) in [
                ("genre=polka", HTTPResponse.Status.unprocessableContent, "unknown_genre"),
                ("year=1700", .unprocessableContent, "invalid_year"),
                ("year=soon", .badRequest, "invalid_parameter"),
                ("limit=101", .badRequest, "invalid_limit"),
                ("cursor=bm90IGEgY3Vyc29y", .badRequest, "invalid_cursor"),
                ("sort=random", .unprocessableContent, "invalid_sort"),
                ("kind=episode", .unprocessableContent, "invalid_kind"),
                ("language=%F0%9F%8E%AC", .unprocessableContent, "invalid_language"),
                ("profileId=nope", .badRequest, "invalid_parameter"),
                ("profileId=\(owner.profileId)", .unauthorized, "unauthenticated"),
            ] {
                let response = try await client.send(.get, "/api/v1/catalog?\(query)")
                #expect(response.status == status && response.problemCode == code, "\(query)")
            }
            // A cursor made for one order is refused by another.
            let page = try JSON(try await client.send(.get, "/api/v1/catalog?limit=1&sort=title").body)
            if let cursor = page["nextCursor"]?.string {
                #expect(try await client.send(.get, "/api/v1/catalog?sort=popular&cursor=\(cursor)").problemCode == "invalid_cursor")
            }
        }
    }

    @Test func aSeriesWithTwoEpisodesOverHTTP() async throws {
        try await withApp { client, app in
            let owner = try await client.viewer(app)
            let stranger = try await client.viewer(app)
            let created = try await client.send(
                .post, "/api/v1/series", json: #"{"title":"Night Shift","genres":["drama"],"maturityRating":"7+","language":"en"}"#,
                token: owner.access)
            #expect(created.status == .created)
            let series = try #require(try JSON(created.body)["id"]?.string)
            #expect(
                try await client.send(.post, "/api/v1/series/\(series)/seasons", json: #"{"number":1}"#, token: owner.access).status
                    == .created)
            #expect(
                try await client.send(.post, "/api/v1/series/\(series)/seasons", json: #"{"number":1}"#, token: owner.access).problemCode
                    == "season_exists")
            let first = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, title: "Pilot")
            let second = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, title: "Second")
            let theirs = try await PlaybackFixtures.readyVideo(app, ownerId: stranger.id, title: "Not yours")
            for (number, video) in [(1, first), (2, second)] {
                let attached = try await client.send(
                    .put, "/api/v1/series/\(series)/seasons/1/episodes/\(number)",
                    json: #"{"videoId":"\#(video.uuidString.lowercased())"}"#,
                    token: owner.access)
                #expect(attached.status == .ok)
                #expect(try JSON(attached.body)["kind"]?.string == "episode")
            }
            let taken = try await client.send(
                .put, "/api/v1/series/\(series)/seasons/1/episodes/1", json: #"{"videoId":"\#(second.uuidString.lowercased())"}"#,
                token: owner.access)
            #expect(taken.status == .conflict)
            let foreign = try await client.send(
                .put, "/api/v1/series/\(series)/seasons/1/episodes/3", json: #"{"videoId":"\#(theirs.uuidString.lowercased())"}"#,
                token: owner.access)
            #expect(foreign.status == .forbidden)
            let noSeason = try await client.send(
                .put, "/api/v1/series/\(series)/seasons/7/episodes/1", json: #"{"videoId":"\#(theirs.uuidString.lowercased())"}"#,
                token: stranger.access)
            #expect(noSeason.status == .forbidden)
            let shown = try JSON(
                try await client.send(.get, "/api/v1/series/\(series)?profileId=\(owner.profileId)", token: owner.access).body)
            #expect(shown["title"]?.string == "Night Shift")
            let episodes = shown["seasons"]?.array.first?["episodes"]?.array ?? []
            #expect(episodes.compactMap { $0["video"]?["id"]?.string } == [first, second].map { $0.uuidString.lowercased() })
            let pilot = try JSON(try await client.send(.get, "/api/v1/videos/\(first.uuidString.lowercased())").body)
            #expect(pilot["series"]?["title"]?.string == "Night Shift")
            #expect(pilot["seasonNumber"]?.int == 1 && pilot["episodeNumber"]?.int == 1)
            #expect(pilot["nextEpisodeId"]?.string == second.uuidString.lowercased())
            let play = try JSON(try await client.play(first, stranger).body)
            #expect(play["nextEpisodeId"]?.string == second.uuidString.lowercased())
            let listed = try await client.catalogIds("&kind=series")
            #expect(listed.filter { $0 == series }.count == 1)
            #expect(try await !client.catalogIds().contains(first.uuidString.lowercased()))
            #expect(
                try await client.send(.patch, "/api/v1/series/\(series)", json: #"{"title":"Mine now"}"#, token: stranger.access).status
                    == .forbidden)
            #expect(
                try await client.send(.delete, "/api/v1/series/\(series)/seasons/1/episodes/2", token: owner.access).status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/series/\(series)", token: owner.access).status == .noContent)
            let clip = try JSON(try await client.send(.get, "/api/v1/videos/\(first.uuidString.lowercased())").body)
            #expect(clip["kind"]?.string == "clip" && clip["series"] == nil && clip["seasonNumber"] == nil)
            #expect(try await client.send(.get, "/api/v1/series/\(series)").problemCode == "series_not_found")
        }
    }

    @Test func editorsAndKidsProfilesAndChannels() async throws {
        try await withApp { client, app in
            let admin = try await client.viewer(app)
            try await app.makeAdmin(admin.id)
            let editor = try await client.viewer(app)
            let owner = try await client.viewer(app)
            let role = try await client.send(.patch, "/api/v1/admin/users/\(editor.id)", json: #"{"role":"editor"}"#, token: admin.access)
            #expect(role.status == .ok)
            #expect(try JSON(role.body)["user"]?["role"]?.string == "editor")
            #expect(
                try await client.send(.patch, "/api/v1/admin/users/\(editor.id)", json: #"{"role":"god"}"#, token: admin.access).problemCode
                    == "invalid_role")
            #expect(
                try await client.send(.patch, "/api/v1/admin/users/\(owner.id)", json: #"{"role":"admin"}"#, token: editor.access).status
                    == .forbidden)
            let video = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            #expect(
                try await client.patchVideo(video, #"{"maturityRating":"16+","genres":["horror"]}"#, token: editor.access).status == .ok)
            #expect(try await client.patchVideo(video, #"{"visibility":"private"}"#, token: editor.access).status == .forbidden)
            #expect(
                try await client.send(.delete, "/api/v1/videos/\(video.uuidString.lowercased())", token: editor.access).status == .forbidden
            )

            let kids = try await client.send(.post, "/api/v1/me/profiles", json: #"{"name":"Kids","isKids":true}"#, token: owner.access)
            let kidsProfile = try JSON(kids.body)
            #expect(kidsProfile["maxMaturity"]?.string == "7+")
            let kidsId = try #require(kidsProfile["id"]?.string)
            #expect(
                try await client.send(.patch, "/api/v1/me/profiles/\(kidsId)", json: #"{"maxMaturity":"13+"}"#, token: owner.access)
                    .problemCode == "invalid_max_maturity")
            let asKid = Viewer(access: owner.access, id: owner.id, profileId: kidsId)
            let refused = try await client.play(video, asKid)
            #expect(refused.status == .forbidden && refused.problemCode == "maturity_restricted")
            let seen = try JSON(
                try await client.send(.get, "/api/v1/videos/\(video.uuidString.lowercased())?profileId=\(kidsId)", token: owner.access).body
            )
            #expect(seen["available"]?.bool == false && seen["unavailableReason"]?.string == "maturity_restricted")
            #expect(try await !client.catalogIds("&profileId=\(kidsId)", token: owner.access).contains(video.uuidString.lowercased()))

            let handle = "ch_\(UUID().uuidString.prefix(8).lowercased())"
            #expect(
                try await client.send(.patch, "/api/v1/me", json: #"{"handle":"@\#(handle.uppercased())"}"#, token: owner.access).status
                    == .ok)
            #expect(
                try await client.send(.patch, "/api/v1/me", json: #"{"handle":"\#(handle)"}"#, token: admin.access).problemCode
                    == "handle_taken")
            #expect(
                try await client.send(.patch, "/api/v1/me", json: #"{"handle":"a b"}"#, token: admin.access).problemCode == "invalid_handle"
            )
            _ = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id, visibility: .private)
            let channel = try JSON(try await client.send(.get, "/api/v1/channels/@\(handle)").body)
            #expect(channel["id"]?.string == owner.id && channel["handle"]?.string == handle && channel["videoCount"]?.int == 1)
            let videos = try JSON(try await client.send(.get, "/api/v1/channels/\(owner.id)/videos").body)
            #expect(videos["items"]?.array.compactMap { $0["id"]?.string } == [video.uuidString.lowercased()])
            #expect(try await client.send(.get, "/api/v1/channels/@nobody_here").problemCode == "channel_not_found")
            #expect(try await client.send(.get, "/api/v1/channels/not-an-id").problemCode == "channel_not_found")
        }
    }

    @Test func aScheduledVideoAppearsAfterItsTimeAndIsPublishedByTheJob() async throws {
        try await withApp { client, app in
            let owner = try await client.viewer(app)
            let video = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
            let at = Date().addingTimeInterval(3)
            let stamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(at)
            #expect(try await client.patchVideo(video, #"{"publishAt":"\#(stamp)"}"#, token: owner.access).status == .ok)
            let path = "/api/v1/videos/\(video.uuidString.lowercased())"
            #expect(try await client.send(.get, path).status == .notFound)
            #expect(try await !client.catalogIds().contains(video.uuidString.lowercased()))
            #expect(try await client.send(.get, path, token: owner.access).status == .ok)
            // Wait for the time, then for the publishing job, scheduled every second and run by a worker of its own
            // (workers for every kind would take other tests' jobs from the shared queue).
            var published: JSON?
            let worker = JobWorker(
                queue: app.ports.jobs, handlers: [app.useCases.publishScheduled], concurrency: { _ in 1 }, lease: .seconds(30),
                pollInterval: .milliseconds(100), logger: app.logger)
            let scheduler = JobScheduler(
                queue: app.ports.jobs,
                schedules: [.init(name: "publish-scheduled-videos", kind: PublishScheduledVideos.jobKind, every: .seconds(1))],
                tick: .milliseconds(200), logger: app.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await worker.run() }
                group.addTask { try await scheduler.run() }
                defer { group.cancelAll() }
                for _ in 0..<240 {
                    try await Task.sleep(for: .milliseconds(250))
                    let current = try JSON(try await client.send(.get, path, token: owner.access).body)
                    if current["publishedAt"]?.string != nil {
                        published = current
                        break
                    }
                }
            }
            #expect(Date() >= at)
            #expect(published != nil, "the publishing job never marked the video")
            #expect(try await client.send(.get, path).status == .ok)
            #expect(try await client.catalogIds().contains(video.uuidString.lowercased()))
        }
    }

    @Test func theCountryComesFromATrustedProxyOnly() async throws {
        for (proxies, header, expected) in [
            ("127.0.0.1/32", "FR", HTTPResponse.Status.created), ("127.0.0.1/32", "DE", .init(code: 451)),
            // The same header from a peer that is not a trusted proxy is ignored: the country is unknown, outside the list.
            ("10.0.0.0/8", "FR", .init(code: 451)),
        ] {
            try await withLiveApp(["GEO_COUNTRY_HEADER": "CF-IPCountry", "TRUSTED_PROXIES": proxies]) { client, app in
                let owner = try await client.viewer(app)
                let viewer = try await client.viewer(app)
                let id = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
                #expect(
                    try await client.patchVideo(id, #"{"regions":{"mode":"allow","countries":["FR"]}}"#, token: owner.access).status == .ok)
                let country = HTTPField.Name("CF-IPCountry")!
                let response = try await client.send(
                    .post, "/api/v1/videos/\(id.uuidString.lowercased())/play",
                    json: #"{"profileId":"\#(viewer.profileId)","deviceId":"tv","deviceName":"TV"}"#, token: viewer.access,
                    headers: [country: header])
                #expect(response.status == expected, "\(header) via \(proxies)")
                if expected != .created { #expect(response.problemCode == "region_restricted") }
                let seen = try JSON(
                    try await client.send(.get, "/api/v1/videos/\(id.uuidString.lowercased())", headers: [country: header]).body)
                #expect(seen["available"]?.bool == (expected == .created))
            }
        }
    }

    @Test func withoutAProxyHeaderTheGeoIPDatabaseGivesTheCountry() async throws {
        let database = try TestSettings.env("TEST_GEOIP_DATABASE")
        for (allowed, expected) in [("FR", HTTPResponse.Status.created), ("DE", .init(code: 451))] {
            // The test client connects from 127.0.0.1, which the test database places in France.
            try await withLiveApp(["GEOIP_DATABASE": database]) { client, app in
                let owner = try await client.viewer(app)
                let viewer = try await client.viewer(app)
                let id = try await PlaybackFixtures.readyVideo(app, ownerId: owner.id)
                let rule = #"{"regions":{"mode":"allow","countries":["\#(allowed)"]}}"#
                #expect(try await client.patchVideo(id, rule, token: owner.access).status == .ok)
                // A country header from a client that is not a trusted proxy changes nothing.
                let response = try await client.send(
                    .post, "/api/v1/videos/\(id.uuidString.lowercased())/play",
                    json: #"{"profileId":"\#(viewer.profileId)","deviceId":"tv","deviceName":"TV"}"#, token: viewer.access,
                    headers: [HTTPField.Name("CF-IPCountry")!: "DE"])
                #expect(response.status == expected, "allowed \(allowed)")
            }
        }
    }
}
