import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes what players read for a video's captions: each caption's subtitle playlist, and the transcoder's master
/// and MPD with the captions added under a new version; then points the video at that version, so the next play
/// lists them without transcoding again.
struct CaptionPublisher: Sendable {
    let videos: any VideoRepository
    let captions: any CaptionRepository
    let storage: any ObjectStorage
    let clock: any DateProvider

    func publish(_ video: Video, media: PublishedMedia) async throws {
        let all = try await captions.list(videoId: video.id)
        for caption in all {
            let playlist = CaptionManifests.subtitlePlaylist(caption, durationSeconds: media.durationSeconds)
            _ = try await storage.put(key: try Video.mediaKey(video.id, path: caption.playlist), body: .chunks([Array(playlist.utf8)]))
        }
        // Milliseconds: a new name each change, increasing, without a read-modify-write across replicas.
        let version = Int((clock.now().timeIntervalSince1970 * 1000).rounded())
        let master = CaptionManifests.hlsMaster(base: try await text(video.id, media.hlsMaster), captions: all)
        let mpd = CaptionManifests.dash(base: try await text(video.id, media.dashManifest), captions: all)
        _ = try await storage.put(
            key: try Video.mediaKey(video.id, path: CaptionManifests.hlsMaster(version)), body: .chunks([Array(master.utf8)]))
        _ = try await storage.put(key: try Video.mediaKey(video.id, path: CaptionManifests.dash(version)), body: .chunks([Array(mpd.utf8)]))
        _ = try await videos.update(id: video.id) { video in
            video.catalog.captionsVersion = max(video.catalog.captionsVersion, version)
        }
    }

    private func text(_ videoId: UUID, _ file: String) async throws -> String {
        let read = try await storage.get(key: try Video.mediaKey(videoId, path: file), range: nil)
        return String(decoding: try await read.body.collect(upTo: DeliverMedia.maximumManifestBytes), as: UTF8.self)
    }
}
