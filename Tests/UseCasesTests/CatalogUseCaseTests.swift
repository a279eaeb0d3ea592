import Domain
import Foundation
import InMemoryAdapters
import Testing
import UseCases

@Suite struct CatalogUseCaseTests {
    /// One video refused for each reason is missing from the catalog, its channel and its series, and `play` says why.
    @Test func anUnavailableVideoIsLeftOutEverywhereAndPlaySaysWhy() async throws {
        let h = PlaybackHarness()
        let (owner, _) = try await h.viewer()
        let kids = try await h.kidsViewer()
        let adult = try await h.viewer()
        var cases: [(VideoCatalog, UnavailableReason?, CountryCode?)] = []
        var mature = VideoCatalog()
        mature.maturity = .age13
        cases.append((mature, .maturityRestricted, nil))
        var early = VideoCatalog()
        early.availableFrom = h.clock.now().addingTimeInterval(3600)
        cases.append((early, .notYetAvailable, nil))
        var expired = VideoCatalog()
        expired.availableUntil = h.clock.now().addingTimeInterval(-1)
        cases.append((expired, .expired, nil))
        var regional = VideoCatalog()
        regional.regions = RegionRule(mode: .allow, countries: [CountryCode("FR")!])
        cases.append((regional, .regionRestricted, CountryCode("DE")))
        var scheduled = VideoCatalog()
        scheduled.publishAt = h.clock.now().addingTimeInterval(3600)
        cases.append((scheduled, nil, nil))

        let seriesItem = try await h.createSeries.execute(principal: owner, details: SeriesDetails(title: "Show"))
        _ = try await h.addSeason.execute(principal: owner, seriesId: seriesItem.id, number: 1, title: nil)
        for (index, (catalog, reason, country)) in cases.enumerated() {
            let id = try await h.readyVideo(owner: owner.userId, catalog)
            let episode = try await h.readyVideo(owner: owner.userId, catalog)
            _ = try await h.attach.execute(
                principal: owner, slot: EpisodeSlot(seriesId: seriesItem.id, seasonNumber: 1, episodeNumber: index + 1), videoId: episode)
            let viewer = reason == .maturityRestricted ? kids : adult
            let audience = Viewer(principal: viewer.principal, profileId: viewer.profileId, country: country)
            #expect(try await !h.catalogIds(audience).contains(id))
            let channel = try await h.channelVideos.execute(ownerId: owner.userId, viewer: audience, limit: 100, cursor: nil)
            #expect(!channel.items.contains { $0.id == id })
            do {
                let shown = try await h.getSeries.execute(seriesId: seriesItem.id, viewer: audience)
                #expect(!shown.seasons.flatMap(\.episodes).contains { $0.video.id == episode })
            } catch CatalogError.seriesNotFound {
                // No episode of it is listed for this viewer (or its rating is above their limit): gone as a whole.
            }
            do {
                _ = try await h.start.execute(
                    .init(
                        principal: viewer.principal, videoId: id, profileId: viewer.profileId, deviceId: "tv", deviceName: "TV",
                        country: country))
                Issue.record("play of a video refused for \(String(describing: reason)) went through")
            } catch let error as PlaybackError {
                #expect(error == .unavailable(reason ?? .expired) && reason != nil)
            } catch let error as VideoError {
                // A scheduled video does not exist for others yet.
                #expect(error == .notFound && reason == nil)
            }
            // The owner sees and plays their own, whatever the window, region or schedule.
            if reason != .maturityRestricted {
                let ownerProfile = try #require(try await h.base.profiles.list(userId: owner.userId).first)
                let output = try await h.start.execute(
                    .init(
                        principal: owner, videoId: id, profileId: ownerProfile.id, deviceId: "own\(index)", deviceName: "Own",
                        country: country))
                try await h.stop.execute(principal: owner, sessionId: output.session.id, positionSeconds: nil, reason: .stopped)
            }
        }
        // A 13+ episode makes the whole series 13+: listed for the adult, not for the kids profile.
        #expect(try await h.catalogIds(Viewer(principal: adult.principal), kind: "series") == [seriesItem.id])
        #expect(try await h.catalogIds(Viewer(principal: kids.principal, profileId: kids.profileId), kind: "series").isEmpty)
        // The owner still sees every episode of their series.
        let own = try await h.getSeries.execute(seriesId: seriesItem.id, viewer: Viewer(principal: owner))
        #expect(own.seasons.first?.episodes.count == cases.count)
    }

    @Test func aScheduledVideoAppearsAtItsTimeAndIsPublishedOnce() async throws {
        let h = PlaybackHarness()
        var catalog = VideoCatalog()
        catalog.publishAt = h.clock.now().addingTimeInterval(90)
        let id = try await h.readyVideo(catalog)
        let anyone = Viewer(principal: nil)
        #expect(try await !h.catalogIds(anyone).contains(id))
        #expect(try await h.publish.execute().isEmpty)
        await #expect(throws: VideoError.notFound) { try await h.getVideo.execute(.init(viewer: anyone, videoId: id)) }
        h.clock.advance(90)
        #expect(try await h.catalogIds(anyone).contains(id))
        #expect(try await h.publish.execute().map(\.id) == [id])
        #expect(try await h.publish.execute().isEmpty)
        #expect(try await h.getVideo.execute(.init(viewer: anyone, videoId: id)).video.catalog.publishedAt == h.clock.now())
    }

    @Test func aSeriesOfFiftyEpisodesIsListedOnceAndEpisodesLinkToTheNext() async throws {
        let h = PlaybackHarness()
        let (owner, _) = try await h.viewer()
        let show = try await h.createSeries.execute(principal: owner, details: SeriesDetails(title: "Long show", maturityRating: "7+"))
        _ = try await h.addSeason.execute(principal: owner, seriesId: show.id, number: 1, title: "One")
        _ = try await h.addSeason.execute(principal: owner, seriesId: show.id, number: 2, title: "Two")
        var episodes: [UUID] = []
        for index in 0..<50 {
            let id = try await h.readyVideo(owner: owner.userId, title: "Episode \(index)")
            _ = try await h.attach.execute(
                principal: owner, slot: EpisodeSlot(seriesId: show.id, seasonNumber: index < 25 ? 1 : 2, episodeNumber: index % 25 + 1),
                videoId: id)
            episodes.append(id)
        }
        let movie = try await h.readyVideo(owner: owner.userId, title: "A movie")
        let ids = try await h.catalogIds(Viewer(principal: nil), limit: 7)
        #expect(ids.filter { $0 == show.id }.count == 1)
        #expect(ids.contains(movie))
        #expect(Set(ids).isDisjoint(with: episodes))
        // The last of season one leads to the first of season two; the last has none.
        let end = try await h.getVideo.execute(.init(viewer: Viewer(principal: nil), videoId: episodes[24]))
        #expect(end.nextEpisodeId == episodes[25])
        #expect(try await h.getVideo.execute(.init(viewer: Viewer(principal: nil), videoId: episodes[49])).nextEpisodeId == nil)
        // A slot or a video used twice is refused.
        let extra = try await h.readyVideo(owner: owner.userId)
        await #expect(throws: CatalogError.episodeSlotTaken) {
            try await h.attach.execute(
                principal: owner, slot: EpisodeSlot(seriesId: show.id, seasonNumber: 1, episodeNumber: 1), videoId: extra)
        }
        await #expect(throws: CatalogError.alreadyEpisode) {
            try await h.attach.execute(
                principal: owner, slot: EpisodeSlot(seriesId: show.id, seasonNumber: 2, episodeNumber: 99), videoId: episodes[0])
        }
        // Deleting the series makes its episodes clips again.
        try await h.deleteSeries.execute(principal: owner, seriesId: show.id)
        #expect(try await h.videos.find(id: episodes[3])?.catalog.kind == .clip)
        #expect(try await h.catalogIds(Viewer(principal: nil)).count == 52)
    }

    @Test func keysetPagesNeitherRepeatNorSkipWhenVideosArrive() async throws {
        let h = PlaybackHarness()
        for sort in ["newest", "title", "popular"] {
            let h = PlaybackHarness()
            var expected: Set<UUID> = []
            for index in 0..<30 {
                expected.insert(try await h.readyVideo(title: "Title \(index % 7)"))
                h.clock.advance(index % 3 == 0 ? 0 : 1)
            }
            var seen: [UUID] = []
            var cursor: String?
            var round = 0
            repeat {
                let page = try await h.browse.execute(.init(viewer: Viewer(principal: nil), sort: sort, limit: 4, cursor: cursor))
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                // New videos between pages (they sort first under newest; wherever under the others).
                _ = try await h.readyVideo(title: "Title \(round % 5)")
                round += 1
            } while cursor != nil
            #expect(seen.count == Set(seen).count, "\(sort) repeated an item")
            #expect(expected.isSubset(of: Set(seen)) || sort != "newest", "\(sort) skipped an item")
            if sort == "newest" { #expect(Set(seen) == expected) }
        }
        _ = h
    }

    @Test func editorsEditAnyVideoButNotItsVisibilityNorDeleteIt() async throws {
        let h = PlaybackHarness()
        let (owner, _) = try await h.viewer()
        let (editor, _) = try await h.viewer()
        let (stranger, _) = try await h.viewer()
        await h.base.users.set(id: editor.userId, role: .editor)
        let id = try await h.readyVideo(owner: owner.userId)
        var changes = CatalogChanges()
        changes.genres = ["sci-fi", "Drama"]
        changes.maturityRating = "16+"
        changes.language = .some("pt-br")
        changes.releaseYear = .some(1999)
        changes.regions = .some(("deny", ["us"]))
        let edited = try await h.updateVideo.execute(
            .init(principal: editor, videoId: id, title: nil, description: nil, tags: nil, visibility: nil, catalog: changes))
        #expect(edited.catalog.genres == ["sci-fi", "drama"])
        #expect(edited.catalog.maturity == .age16)
        #expect(edited.catalog.language?.value == "pt-BR")
        #expect(edited.catalog.regions?.countries.map(\.value) == ["US"])
        await #expect(throws: VideoError.notOwner) {
            try await h.updateVideo.execute(
                .init(principal: editor, videoId: id, title: nil, description: nil, tags: nil, visibility: "private"))
        }
        await #expect(throws: VideoError.notOwner) { try await h.deleteVideo.execute(.init(principal: editor, videoId: id)) }
        await #expect(throws: VideoError.notOwner) {
            try await h.updateVideo.execute(
                .init(principal: stranger, videoId: id, title: "Mine", description: nil, tags: nil, visibility: nil))
        }
        var unknown = CatalogChanges()
        unknown.genres = ["polka"]
        await #expect(throws: CatalogError.unknownGenre("polka")) {
            try await h.updateVideo.execute(
                .init(principal: owner, videoId: id, title: nil, description: nil, tags: nil, visibility: nil, catalog: unknown))
        }
        var episode = CatalogChanges()
        episode.kind = "episode"
        await #expect(throws: CatalogError.kindLocked) {
            try await h.updateVideo.execute(
                .init(principal: owner, videoId: id, title: nil, description: nil, tags: nil, visibility: nil, catalog: episode))
        }
        for (field, value) in [("releaseYear", 1887), ("releaseYear", 3000)] {
            var year = CatalogChanges()
            year.releaseYear = .some(value)
            await #expect(throws: ValidationError.self, "\(field) \(value)") {
                try await h.updateVideo.execute(
                    .init(principal: owner, videoId: id, title: nil, description: nil, tags: nil, visibility: nil, catalog: year))
            }
        }
    }

    @Test func kidsProfilesStayAtOrBelowSevenPlus() async throws {
        let h = PlaybackHarness()
        let kids = try await h.kidsViewer()
        let profile = try #require(try await h.base.profiles.list(userId: kids.principal.userId).first { $0.id == kids.profileId })
        #expect(profile.maxMaturity == .age7)
        await #expect(throws: ValidationError.self) {
            try await h.base.updateProfile.execute(
                .init(principal: kids.principal, profileId: kids.profileId, name: nil, avatarURL: nil, isKids: nil, maxMaturity: "13+"))
        }
        let lowered = try await h.base.updateProfile.execute(
            .init(principal: kids.principal, profileId: kids.profileId, name: nil, avatarURL: nil, isKids: nil, maxMaturity: "all"))
        #expect(lowered.maxMaturity == .all)
        // Another account's profile is not found, so its limit cannot be borrowed.
        let other = try await h.viewer()
        await #expect(throws: ProfileError.notFound) {
            try await h.browse.execute(.init(viewer: Viewer(principal: other.principal, profileId: kids.profileId)))
        }
    }

    @Test func channelsByHandle() async throws {
        let h = PlaybackHarness()
        let (owner, _) = try await h.viewer()
        let (other, _) = try await h.viewer()
        _ = try await h.base.updateMe.execute(
            .init(
                principal: owner, displayName: nil, currentPassword: nil, newPassword: nil, handle: "@Film_Club",
                channelDescription: "Films"))
        await #expect(throws: CatalogError.handleTaken) {
            try await h.base.updateMe.execute(
                .init(principal: other, displayName: nil, currentPassword: nil, newPassword: nil, handle: "film_club"))
        }
        await #expect(throws: ValidationError.self) {
            try await h.base.updateMe.execute(
                .init(principal: other, displayName: nil, currentPassword: nil, newPassword: nil, handle: "no"))
        }
        _ = try await h.readyVideo(owner: owner.userId)
        var hidden = VideoCatalog()
        hidden.maturity = .age18
        _ = try await h.readyVideo(owner: owner.userId, hidden)
        let channel = try await h.getChannel.execute(.handle("FILM_CLUB"), viewer: Viewer(principal: nil))
        #expect(channel.id == owner.userId && channel.description == "Films" && channel.videoCount == 2)
        let kids = try await h.kidsViewer()
        let forKids = try await h.getChannel.execute(
            .id(owner.userId), viewer: Viewer(principal: kids.principal, profileId: kids.profileId))
        #expect(forKids.videoCount == 1)
        await #expect(throws: CatalogError.channelNotFound) {
            try await h.getChannel.execute(.handle("nobody"), viewer: Viewer(principal: nil))
        }
    }
}
