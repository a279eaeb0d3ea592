import Domain
import Foundation
import Hummingbird
import UseCases

struct PlayRequest: Decodable {
    var profileId: String
    var deviceId: String
    var deviceName: String
}

struct HeartbeatRequest: Decodable {
    var positionSeconds: Double
    var rendition: String?
    var bufferHealthSeconds: Double?
    var bitrate: Int64?
}

struct StopRequest: Decodable {
    var positionSeconds: Double?
}

struct SetUserRequest: Decodable {
    var plan: String?
}

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
    }
}

/// `{"nextHeartbeatSeconds":30}`. The hottest response of the API (every player, every interval) is written directly
/// rather than through JSONEncoder; the bytes are what the encoder would write.
struct HeartbeatResponse: ResponseGenerator {
    var nextHeartbeatSeconds: Double

    static let contentType = "application/json; charset=utf-8"

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The body, written directly (one number).
    var json: String {
        let seconds = nextHeartbeatSeconds
        let number = seconds.isFinite && seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : "\(seconds)"
        return #"{"nextHeartbeatSeconds":"# + number + "}"
    }
}

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

struct PlanResponse: ResponseEncodable {
    var id: String
    var name: String
    var maxStreams: Int
    /// `720p`; nil: the top rung of every video.
    var maxResolution: String?
    var priceCents: Int
    var currency: String

    init(_ plan: Plan) {
        id = plan.id
        name = plan.name
        maxStreams = plan.maxStreams
        maxResolution = plan.maxHeight.map { "\($0)p" }
        priceCents = plan.priceCents
        currency = plan.currency
    }
}

struct StreamsResponse: ResponseEncodable {
    var plan: PlanResponse
    var maxStreams: Int
    var items: [StreamResponse]
}

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

struct AdminUserResponse: ResponseEncodable {
    var user: UserResponse
    var plan: PlanResponse
}
