import Domain
import Foundation
import Hummingbird
import UseCases

/// `POST /api/v1/videos/{id}/play`.
struct PlayResponse: ResponseEncodable {
    var sessionId: String
    var videoId: String
    var hlsUrl: String
    var dashUrl: String
    var posterUrl: String
    var storyboardUrl: String
    var heartbeatIntervalSeconds: Double
    var resumePositionSeconds: Double
    var maxResolution: String?
    var renditions: [String]
    var tokenExpiresAt: Date
    var nextEpisodeId: String?

    init(_ output: StartPlayback.Output, baseURL: String) {
        let video = output.session.videoId.lowercasedString
        func url(_ file: String) -> String { "\(baseURL)/media/\(video)/\(file)?token=\(output.token)" }
        sessionId = output.session.id.lowercasedString
        videoId = video
        hlsUrl = url(output.media.hlsMaster)
        dashUrl = url(output.media.dashManifest)
        posterUrl = url(output.media.poster)
        storyboardUrl = url(output.media.storyboard)
        heartbeatIntervalSeconds = output.heartbeatIntervalSeconds
        resumePositionSeconds = output.resumePositionSeconds
        maxResolution = output.maxResolution
        renditions = output.grant.renditions.map(\.name).filter { $0 != "audio" }
        tokenExpiresAt = output.grant.expiresAt
        nextEpisodeId = output.nextEpisodeId?.lowercasedString
    }
}
