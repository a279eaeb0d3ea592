import Domain
import Foundation
import Hummingbird
import UseCases

/// One live stream of the account (`GET /me/streams`, and the 409 of a play over the limit).
struct StreamResponse: ResponseEncodable, Sendable {
    var sessionId: String
    var videoId: String
    var videoTitle: String?
    var profileId: String
    var deviceId: String
    var deviceName: String
    var startedAt: Date
    var lastHeartbeatAt: Date
    var positionSeconds: Double

    init(_ session: PlaybackSession) {
        sessionId = session.id.lowercasedString
        videoId = session.videoId.lowercasedString
        videoTitle = session.videoTitle
        profileId = session.profileId.lowercasedString
        deviceId = session.deviceId
        deviceName = session.deviceName
        startedAt = session.startedAt
        lastHeartbeatAt = session.lastHeartbeatAt
        positionSeconds = session.positionSeconds
    }
}
