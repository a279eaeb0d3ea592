import Domain
import Foundation
import Hummingbird
import UseCases

struct HistoryEntryResponse: ResponseEncodable {
    var profileId: String
    var videoId: String
    var videoTitle: String
    var durationSeconds: Double?
    var positionSeconds: Double
    var watchedSeconds: Double
    var completed: Bool
    var lastWatchedAt: Date

    init(_ entry: WatchHistoryEntry) {
        profileId = entry.profileId.lowercasedString
        videoId = entry.videoId.lowercasedString
        videoTitle = entry.videoTitle
        durationSeconds = entry.durationSeconds
        positionSeconds = entry.positionSeconds
        watchedSeconds = entry.watchedSeconds
        completed = entry.completed
        lastWatchedAt = entry.lastWatchedAt
    }
}
