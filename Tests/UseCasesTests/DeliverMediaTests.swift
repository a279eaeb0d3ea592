import Domain
import Foundation
import InMemoryAdapters
import Testing
import UseCases

/// What a media request gets, decided from the token and the stored object, on in-memory fakes.
@Suite struct DeliverMediaTests {
    let clock = ManualClock()
    let tokens = FakeMediaTokenService()
    let video = UUID()
    let segment = (0..<1000).map { UInt8($0 % 251) }

    /// A grant of the 720p rung (representation 1) and the audio (representation 4), valid for an hour.
    func token(video: UUID? = nil, expiresIn: TimeInterval = 3600) -> String {
        tokens.sign(
            MediaGrant(
                videoId: video ?? self.video, sessionId: UUID(), expiresAt: clock.now().addingTimeInterval(expiresIn),
                renditions: [GrantedRendition(representationId: 1, name: "720p"), GrantedRendition(representationId: 4, name: "audio")]))
    }

    func storage(localRoot: String? = nil, presignBase: String? = nil) async throws -> ObjectMemoryStorage {
        let storage = ObjectMemoryStorage(localRoot: localRoot, presignBase: presignBase)
        _ = try await storage.put(key: try Video.mediaKey(video, path: "seg-1-00001.m4s"), body: .chunks([segment]))
        _ = try await storage.put(key: try Video.mediaKey(video, path: "master.m3u8"), body: .chunks([Array("#EXTM3U\n".utf8)]))
        return storage
    }

    func deliver(_ storage: ObjectMemoryStorage, redirect: Bool = false) -> DeliverMedia {
        DeliverMedia(tokens: tokens, storage: storage, clock: clock, redirectToStorage: redirect)
    }

    func bytes(_ delivery: MediaDelivery) async throws -> [UInt8]? {
        guard case .content(_, _, .stream(let stream)) = delivery else { return nil }
        return try await stream.collect()
    }

    @Test func aSegmentIsSentWholeOrByRangeAndRevalidated() async throws {
        let deliver = deliver(try await storage())
        let token = token()
        let whole = try await deliver.execute(.init(videoId: video, file: "seg-1-00001.m4s", token: token))
        guard case .content(let info, nil, _) = whole else {
            Issue.record("expected the whole file, got \(whole)")
            return
        }
        let wholeBytes = try await bytes(whole)
        #expect(wholeBytes == segment && info.size == 1000)

        let ranged = try await deliver.execute(.init(videoId: video, file: "seg-1-00001.m4s", token: token, range: .suffix(10)))
        guard case .content(_, let part?, _) = ranged else {
            Issue.record("expected a range, got \(ranged)")
            return
        }
        let rangedBytes = try await bytes(ranged)
        #expect(part == 990...999 && rangedBytes == Array(segment[990...]))

        let unsatisfiable = try await deliver.execute(.init(videoId: video, file: "seg-1-00001.m4s", token: token, range: .from(1000)))
        guard case .unsatisfiable = unsatisfiable else {
            Issue.record("expected 416, got \(unsatisfiable)")
            return
        }

        for tags in [[info.etag], ["W/" + info.etag], ["\"other\"", info.etag], ["*"]] {
            let current = try await deliver.execute(
                .init(
                    videoId: video, file: "seg-1-00001.m4s", token: token, range: .from(1000),
                    condition: EntityTagCondition(tags: tags)))
            guard case .notModified = current else {
                Issue.record("expected 304 for \(tags), got \(current)")
                continue
            }
        }
        let stale = try await deliver.execute(
            .init(videoId: video, file: "seg-1-00001.m4s", token: token, condition: EntityTagCondition(tags: ["\"other\""])))
        guard case .content = stale else {
            Issue.record("a stale tag gets the content, got \(stale)")
            return
        }
    }

    @Test func manifestsAreRewrittenForTheGrantAndFilesComeFromWhereStorageKeepsThem() async throws {
        let manifest = try await deliver(try await storage()).execute(.init(videoId: video, file: "master.m3u8", token: token()))
        guard case .manifest(.hlsMaster, let key, let grant) = manifest else {
            Issue.record("expected a manifest, got \(manifest)")
            return
        }
        #expect(key.value.hasSuffix("/master.m3u8") && grant.renditions.map(\.name) == ["720p", "audio"])

        let local = try await deliver(try await storage(localRoot: "/srv/objects")).execute(
            .init(videoId: video, file: "seg-1-00001.m4s", token: token(), range: .bounded(first: 0, last: 9)))
        guard case .content(_, 0...9, .file(let path)) = local else {
            Issue.record("expected a local file, got \(local)")
            return
        }
        #expect(path == "/srv/objects/videos/\(video.uuidString.lowercased())/media/seg-1-00001.m4s")

        // Redirected only when there is content to send: a current copy or a bad range is still answered here.
        let redirecting = deliver(try await storage(presignBase: "https://bucket.example"), redirect: true)
        let redirect = try await redirecting.execute(.init(videoId: video, file: "seg-1-00001.m4s", token: token()))
        guard case .redirect(let url) = redirect else {
            Issue.record("expected a redirect, got \(redirect)")
            return
        }
        #expect(url.hasPrefix("https://bucket.example/videos/"))
        let bad = try await redirecting.execute(.init(videoId: video, file: "seg-1-00001.m4s", token: token(), range: .from(5000)))
        guard case .unsatisfiable = bad else {
            Issue.record("expected 416, got \(bad)")
            return
        }
    }

    @Test func refusals() async throws {
        let deliver = deliver(try await storage())
        func refused(_ file: String, _ token: String?) async -> MediaAccessError? {
            do {
                _ = try await deliver.execute(.init(videoId: video, file: file, token: token))
                return nil
            } catch let error as MediaAccessError {
                return error
            } catch {
                return nil
            }
        }
        #expect(await refused("seg-1-00001.m4s", nil) == .missingToken)
        #expect(await refused("seg-1-00001.m4s", "") == .missingToken)
        #expect(await refused("seg-1-00001.m4s", "forged") == .invalidToken)
        #expect(await refused("seg-1-00001.m4s", token(video: UUID())) == .invalidToken)
        let expiring = token(expiresIn: 10)
        clock.advance(11)
        #expect(await refused("seg-1-00001.m4s", expiring) == .expiredToken)
        // The 1080p rung (representation 0) is not in the grant, by segment, init segment or playlist.
        for file in ["seg-0-00001.m4s", "init-0.mp4", "hls-1080p.m3u8"] { #expect(await refused(file, token()) == .renditionNotAllowed) }
        // Not a package file, or a granted file that is not stored.
        #expect(await refused("../../etc/passwd", token()) == .notFound)
        #expect(await refused("seg-1-00002.m4s", token()) == .notFound)
    }
}
