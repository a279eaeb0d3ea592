import Domain
import Foundation
import Hummingbird
import UseCases

/// Playback: starting a stream, heartbeats, stop; the account's live streams, watch history and the plans.
struct PlaybackController {
    let startPlayback: StartPlayback
    let recordHeartbeat: RecordHeartbeat
    let stopPlayback: StopPlayback
    let listStreams: ListStreams
    let deleteWatchHistory: DeleteWatchHistory
    let listPlans: ListPlans
    let listWatchHistory: ListWatchHistory
    let bodyLimit: Int
    /// Prepended to media URLs (`MEDIA_BASE_URL`).
    let mediaBaseURL: String
    let countries: CountryResolver

    func register(on routes: RouteTable) {
        let useCases = self
        let bodyLimit = self.bodyLimit
        let mediaBaseURL = self.mediaBaseURL
        let countries = self.countries
        routes.add(.post, "/api/v1/videos/:id/play") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            let body = try await request.decodeJSON(PlayRequest.self, limit: bodyLimit)
            guard let profileId = UUID(uuidString: body.profileId) else {
                throw ValidationError(
                    field: "profileId", code: "invalid_profile_id", message: "profileId must be the id of one of your profiles")
            }
            let output = try await useCases.startPlayback.execute(
                .init(
                    principal: principal, videoId: id, profileId: profileId, deviceId: body.deviceId, deviceName: body.deviceName,
                    country: countries.country(of: request, context: context)))
            return EditedResponse(status: .created, response: PlayResponse(output, baseURL: mediaBaseURL))
        }
        routes.add(.post, "/api/v1/playback/:sessionId/heartbeat", in: .unlimited) { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("sessionId", notFound: PlaybackError.sessionNotFound)
            let body = try await request.decodeJSON(HeartbeatRequest.self, limit: 4096)
            let next = try await useCases.recordHeartbeat.execute(
                .init(
                    principal: principal, sessionId: id, positionSeconds: body.positionSeconds, rendition: body.rendition,
                    bufferHealthSeconds: body.bufferHealthSeconds, bitrate: body.bitrate))
            return HeartbeatResponse(nextHeartbeatSeconds: next)
        }
        routes.add(.post, "/api/v1/playback/:sessionId/stop") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("sessionId", notFound: PlaybackError.sessionNotFound)
            // The body is optional: a player closing in a hurry may send none.
            let position: Double?
            if request.headers[.contentType] == nil, request.headers[.contentLength] == nil || request.headers[.contentLength] == "0" {
                position = nil
            } else {
                position = try await request.decodeJSON(StopRequest.self, limit: 4096).positionSeconds
            }
            try await useCases.stopPlayback.execute(principal: principal, sessionId: id, positionSeconds: position, reason: .stopped)
            return HTTPResponse.Status.noContent
        }
        routes.add(.get, "/api/v1/me/streams") { _, context in
            let output = try await useCases.listStreams.execute(principal: try context.requirePrincipal())
            return StreamsResponse(
                plan: PlanResponse(output.plan), maxStreams: output.plan.maxStreams, items: output.sessions.map(StreamResponse.init))
        }
        routes.add(.delete, "/api/v1/me/streams/:sessionId") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("sessionId", notFound: PlaybackError.sessionNotFound)
            try await useCases.stopPlayback.execute(principal: principal, sessionId: id, positionSeconds: nil, reason: .kicked)
            return HTTPResponse.Status.noContent
        }
        routes.add(.get, "/api/v1/me/history") { request, context in
            try await Self.history(request, context, useCases: useCases, inProgressOnly: false)
        }
        routes.add(.get, "/api/v1/me/continue-watching") { request, context in
            try await Self.history(request, context, useCases: useCases, inProgressOnly: true)
        }
        routes.add(.delete, "/api/v1/me/history/:videoId") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("videoId", notFound: VideoError.notFound)
            try await useCases.deleteWatchHistory.execute(principal: principal, videoId: id, profileId: try Self.profileId(request))
            return HTTPResponse.Status.noContent
        }
        routes.add(.get, "/api/v1/plans") { _, _ in
            ListResponse(items: try await useCases.listPlans.execute().map(PlanResponse.init), nextCursor: nil)
        }
    }

    static func history(
        _ request: Request, _ context: AppRequestContext, useCases: Self, inProgressOnly: Bool
    ) async throws
        -> ListResponse<HistoryEntryResponse>
    {
        let page = try await useCases.listWatchHistory.execute(
            .init(
                principal: try context.requirePrincipal(), profileId: try profileId(request), inProgressOnly: inProgressOnly,
                limit: try request.queryInt("limit"), cursor: request.queryString("cursor")))
        return ListResponse(items: page.items.map(HistoryEntryResponse.init), nextCursor: page.nextCursor)
    }

    /// The optional `profileId` query parameter.
    static func profileId(_ request: Request) throws -> UUID? {
        guard let raw = request.queryString("profileId") else { return nil }
        guard let id = UUID(uuidString: raw) else {
            throw RequestError.invalidParameter(name: "profileId", message: "profileId must be the id of one of your profiles")
        }
        return id
    }
}
