import Domain
import Foundation
import Hummingbird
import UseCases

/// Browsing: genres, the catalog, channels and their videos. No login needed; `?profileId=` applies that
/// profile's maturity limit.
struct CatalogController {
    let listGenres: ListGenres
    let browseCatalog: BrowseCatalog
    let getChannel: GetChannel
    let listChannelVideos: ListChannelVideos
    let viewers: ViewerReader

    func register(on routes: RouteTable) {
        let useCases = self
        routes.add(.get, "/api/v1/genres") { _, _ in
            ListResponse(items: try await useCases.listGenres.execute().map(GenreResponse.init), nextCursor: nil)
        }
        routes.add(.get, "/api/v1/catalog") { request, context in
            let page = try await useCases.browseCatalog.execute(
                .init(
                    viewer: try useCases.viewers.viewer(request, context: context), kind: request.queryString("kind"),
                    genre: request.queryString("genre"), language: request.queryString("language"), year: try request.queryInt("year"),
                    sort: request.queryString("sort"), limit: try request.queryInt("limit"), cursor: request.queryString("cursor")))
            return ListResponse(items: page.items.map(CatalogItemResponse.init), nextCursor: page.nextCursor)
        }
        routes.add(.get, "/api/v1/channels/:channel") { request, context in
            let raw = context.parameters.get("channel") ?? ""
            let reference: GetChannel.Reference
            if raw.hasPrefix("@") {
                reference = .handle(String(raw.dropFirst()))
            } else {
                guard let id = UUID(text: raw) else { throw CatalogError.channelNotFound }
                reference = .id(id)
            }
            let viewer = try useCases.viewers.viewer(request, context: context)
            return ChannelResponse(try await useCases.getChannel.execute(reference, viewer: viewer))
        }
        routes.add(.get, "/api/v1/channels/:channel/videos") { request, context in
            let id = try context.uuidParameter("channel", notFound: CatalogError.channelNotFound)
            let page = try await useCases.listChannelVideos.execute(
                ownerId: id, viewer: try useCases.viewers.viewer(request, context: context), limit: try request.queryInt("limit"),
                cursor: request.queryString("cursor"))
            return ListResponse(items: page.items.map(VideoResponse.init), nextCursor: page.nextCursor)
        }
    }
}
