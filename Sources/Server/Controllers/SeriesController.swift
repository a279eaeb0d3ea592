import Domain
import Foundation
import Hummingbird
import UseCases

/// `/api/v1/series`: series, their seasons and episode slots.
struct SeriesController {
    let createSeries: CreateSeries
    let getSeries: GetSeries
    let updateSeries: UpdateSeries
    let deleteSeries: DeleteSeries
    let addSeason: AddSeason
    let attachEpisode: AttachEpisode
    let viewers: ViewerReader
    let bodyLimit: Int

    func register(on routes: RouteTable) {
        let useCases = self
        let bodyLimit = self.bodyLimit
        routes.add(.post, "/api/v1/series") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(SeriesRequest.self, limit: bodyLimit)
            let series = try await useCases.createSeries.execute(principal: principal, details: body.details)
            return EditedResponse(
                status: .created, headers: [.location: "/api/v1/series/\(series.id.lowercasedString)"], response: SeriesResponse(series))
        }
        routes.add(.get, "/api/v1/series/:id") { request, context in
            let id = try context.uuidParameter("id", notFound: CatalogError.seriesNotFound)
            let viewer = try useCases.viewers.viewer(request, context: context)
            return SeriesDetailResponse(try await useCases.getSeries.execute(seriesId: id, viewer: viewer))
        }
        routes.add(.patch, "/api/v1/series/:id") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: CatalogError.seriesNotFound)
            let body = try await request.decodeJSON(SeriesRequest.self, limit: bodyLimit)
            return SeriesResponse(try await useCases.updateSeries.execute(principal: principal, seriesId: id, details: body.details))
        }
        routes.add(.delete, "/api/v1/series/:id") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: CatalogError.seriesNotFound)
            try await useCases.deleteSeries.execute(principal: principal, seriesId: id)
            return HTTPResponse.Status.noContent
        }
        routes.add(.post, "/api/v1/series/:id/seasons") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: CatalogError.seriesNotFound)
            let body = try await request.decodeJSON(SeasonRequest.self, limit: 4096)
            let season = try await useCases.addSeason.execute(principal: principal, seriesId: id, number: body.number, title: body.title)
            return EditedResponse(status: .created, response: SeasonResponse(season))
        }
        routes.add(.put, "/api/v1/series/:id/seasons/:season/episodes/:episode") { request, context in
            let principal = try context.requirePrincipal()
            let slot = try Self.slot(context)
            let body = try await request.decodeJSON(EpisodeRequest.self, limit: 4096)
            guard let videoId = UUID(text: body.videoId) else { throw VideoError.notFound }
            return VideoResponse(try await useCases.attachEpisode.execute(principal: principal, slot: slot, videoId: videoId))
        }
        routes.add(.delete, "/api/v1/series/:id/seasons/:season/episodes/:episode") { _, context in
            let principal = try context.requirePrincipal()
            try await useCases.attachEpisode.detach(principal: principal, slot: try Self.slot(context))
            return HTTPResponse.Status.noContent
        }
    }

    static func slot(_ context: AppRequestContext) throws -> EpisodeSlot {
        let id = try context.uuidParameter("id", notFound: CatalogError.seriesNotFound)
        guard let season = context.parameters.get("season").flatMap({ Int($0) }),
            let episode = context.parameters.get("episode").flatMap({ Int($0) })
        else { throw CatalogError.episodeNotFound }
        return EpisodeSlot(seriesId: id, seasonNumber: season, episodeNumber: episode)
    }
}
