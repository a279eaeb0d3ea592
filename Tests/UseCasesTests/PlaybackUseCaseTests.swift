import Domain
import Foundation
import InMemoryAdapters
import Testing
import UseCases

/// The playback rules, as a viewer and an operator would state them, on in-memory fakes.
@Suite struct PlaybackUseCaseTests {
    @Test func aPlayGrantsTheRungsOfThePlanAndATokenForThem() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer(plan: "basic")
        let play = try await h.play(video, viewer, device: "tv")
        #expect(play.maxResolution == "720p")
        #expect(play.grant.renditions.map(\.name) == ["720p", "480p", "360p"])
        #expect(try h.mediaTokens.verify(play.token) == play.grant)
        #expect(play.heartbeatIntervalSeconds == 30 && play.resumePositionSeconds == 0)
        #expect(await h.leases.sessionIds == [play.session.id])
    }

    @Test func theStreamLimitRefusesAnotherDeviceAndListsTheActiveOnes() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer(plan: "standard")  // two streams
        let tv = try await h.play(video, viewer, device: "tv")
        let phone = try await h.play(video, viewer, device: "phone")
        await #expect {
            try await h.play(video, viewer, device: "laptop")
        } throws: { error in
            guard case PlaybackError.concurrentStreamLimit(let limit, let active) = error else { return false }
            return limit == 2 && Set(active.map(\.id)) == [tv.session.id, phone.session.id]
        }
        // Another account is not affected.
        _ = try await h.play(video, try await h.viewer(), device: "laptop")
    }

    @Test func theSameDevicePlayingAgainReplacesItsEarlierSession() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer()  // free: one stream
        let first = try await h.play(video, viewer, device: "tv")
        let second = try await h.play(video, viewer, device: "tv")
        #expect(await h.records.session(first.session.id)?.endReason == .replaced)
        #expect(await h.leases.sessionIds == [second.session.id])
        await #expect(throws: PlaybackError.sessionExpired) { try await h.beat(first.session.id, viewer, at: 5) }
    }

    @Test func stoppingOrKickingFreesTheSlotAtOnce() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer()
        let tv = try await h.play(video, viewer, device: "tv")
        try await h.stop.execute(principal: viewer.principal, sessionId: tv.session.id, positionSeconds: nil, reason: .kicked)
        #expect(await h.records.session(tv.session.id)?.endReason == .kicked)
        // The kicked device's next heartbeat is refused; the freed slot takes a new device.
        await #expect(throws: PlaybackError.sessionExpired) { try await h.beat(tv.session.id, viewer, at: 30) }
        _ = try await h.play(video, viewer, device: "phone")
        // Stopping is idempotent; another account cannot stop it.
        try await h.stop.execute(principal: viewer.principal, sessionId: tv.session.id, positionSeconds: 40, reason: .stopped)
        let stranger = try await h.viewer()
        await #expect(throws: PlaybackError.sessionNotFound) {
            try await h.stop.execute(principal: stranger.principal, sessionId: tv.session.id, positionSeconds: nil, reason: .stopped)
        }
    }

    @Test func heartbeatsKeepTheLeaseAndThreeMissedOnesEndTheSessionWithItsPositionKept() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer()
        let play = try await h.play(video, viewer, device: "tv")
        for position in [30.0, 60, 90] {
            h.clock.advance(30)
            #expect(try await h.beat(play.session.id, viewer, at: position) == 30)
        }
        #expect(try await h.flush.execute() == 1)
        // The player goes silent: after three intervals the lease has run out and the sweep ends the session.
        h.clock.advance(89)
        #expect(try await h.sweep.execute() == 0)
        h.clock.advance(2)
        #expect(try await h.sweep.execute() == 1)
        #expect(await h.records.session(play.session.id)?.endReason == .expired)
        // The slot is free again, and the next play resumes where the last heartbeat was.
        let again = try await h.play(video, viewer, device: "phone")
        #expect(again.resumePositionSeconds == 90)
    }

    @Test func aHeartbeatAfterTheLeaseRanOutEndsTheSessionAsExpired() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer()
        let play = try await h.play(video, viewer, device: "tv")
        h.clock.advance(91)
        await #expect(throws: PlaybackError.sessionExpired) { try await h.beat(play.session.id, viewer, at: 91) }
        #expect(await h.records.session(play.session.id)?.endReason == .expired)
        #expect(await h.leases.sessionIds.isEmpty)
    }

    @Test func aViewCountsOnceAfterTenSecondsWatchedPerAccountAndWindow() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer()
        let play = try await h.play(video, viewer, device: "tv")
        h.clock.advance(5)
        _ = try await h.beat(play.session.id, viewer, at: 5)
        _ = try await h.flush.execute()
        #expect(await h.records.views[video] == nil)
        // Seeking ahead is not watching: the watched time never outruns the wall clock.
        h.clock.advance(6)
        _ = try await h.beat(play.session.id, viewer, at: 400)
        _ = try await h.flush.execute()
        #expect(await h.records.views[video] == 1)
        // A second session of the same account within the hour adds no view.
        let again = try await h.play(video, viewer, device: "tv")
        h.clock.advance(15)
        _ = try await h.beat(again.session.id, viewer, at: 415)
        _ = try await h.flush.execute()
        #expect(await h.records.views[video] == 1)
    }

    @Test func aPlanDowngradeEndsTheStreamsAboveTheNewLimitKeepingTheMostRecent() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer(plan: "premium")
        var sessions: [UUID] = []
        for device in ["tv", "phone", "tablet"] {
            sessions.append(try await h.play(video, viewer, device: device).session.id)
            h.clock.advance(1)
        }
        // The tablet and the tv heartbeat last: they are kept.
        _ = try await h.beat(sessions[2], viewer, at: 1)
        h.clock.advance(1)
        _ = try await h.beat(sessions[0], viewer, at: 3)
        _ = try await h.setPlan.execute(principal: try await h.admin(), userId: viewer.principal.userId, planId: "standard")
        #expect(await h.records.session(sessions[1])?.endReason == .planChanged)
        let live = try await h.streams.execute(principal: viewer.principal)
        #expect(Set(live.sessions.map(\.id)) == [sessions[0], sessions[2]] && live.plan.maxStreams == 2)
        // Only an admin changes plans.
        await #expect(throws: AuthError.forbidden) {
            _ = try await h.setPlan.execute(principal: viewer.principal, userId: viewer.principal.userId, planId: "premium")
        }
    }

    @Test func whileTheLeaseStoreIsUnreachableTheSessionRecordsEnforceTheLimit() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer()
        await h.leases.setReachable(false)
        let tv = try await h.play(video, viewer, device: "tv")
        await #expect(throws: PlaybackError.self) { try await h.play(video, viewer, device: "phone") }
        h.clock.advance(30)
        #expect(try await h.beat(tv.session.id, viewer, at: 30) == 30)
    }

    @Test func afterTheLeaseStoreLostItsStateAPlayRestoresTheOpenSessionsFirst() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        let viewer = try await h.viewer()
        let tv = try await h.play(video, viewer, device: "tv")
        await h.leases.loseEverything()
        // Without the restore the store would let a second device in on a one-stream plan.
        await #expect(throws: PlaybackError.self) { try await h.play(video, viewer, device: "phone") }
        #expect(await h.leases.sessionIds == [tv.session.id])
    }

    @Test func aVideoTheViewerMayNotSeeCannotBePlayed() async throws {
        let h = PlaybackHarness()
        let video = try await h.readyVideo()
        _ = try await h.videos.update(id: video) { $0.visibility = .private }
        let viewer = try await h.viewer()
        await #expect(throws: VideoError.notFound) { try await h.play(video, viewer, device: "tv") }
        // Nor with another account's profile.
        let open = try await h.readyVideo()
        let other = try await h.viewer()
        await #expect(throws: ProfileError.notFound) {
            try await h.start.execute(
                .init(principal: viewer.principal, videoId: open, profileId: other.profileId, deviceId: "tv", deviceName: "TV"))
        }
    }
}
