import Domain
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// `/api/v1/videos/{id}/captions` and `/poster`: a video's caption tracks (WebVTT or SubRip in, WebVTT stored) and its
/// custom poster.
struct VideoExtrasController {
    let putCaption: PutCaption
    let deleteCaption: DeleteCaption
    let listCaptions: ListCaptions
    let setPoster: SetPoster
    let viewers: ViewerReader

    func register(on routes: RouteTable) {
        let useCases = self
        routes.add(.put, "/api/v1/videos/:id/captions/:lang") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            let language = context.parameters.get("lang") ?? ""
            guard let format = request.headers[.contentType].flatMap(CaptionFormat.init(contentType:)) else {
                throw RequestError.expectedMediaType("text/vtt or application/x-subrip")
            }
            let body = try await Self.body(request, limit: Caption.maximumBytes)
            let caption = try await useCases.putCaption.execute(
                .init(
                    principal: principal, videoId: id, language: language, label: request.queryString("label"), format: format,
                    body: body))
            return CaptionResponse(caption)
        }
        routes.add(.put, "/api/v1/videos/:id/poster") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            guard let format = request.headers[.contentType].flatMap(ImageFormat.init(contentType:)) else {
                throw RequestError.expectedMediaType("image/jpeg, image/png or image/webp")
            }
            let body = try await Self.body(request, limit: ImageFormat.maximumBytes)
            return VideoResponse(try await useCases.setPoster.execute(principal: principal, videoId: id, format: format, body: body))
        }
        routes.add(.get, "/api/v1/videos/:id/captions") { request, context in
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            let captions = try await useCases.listCaptions.execute(
                viewer: try useCases.viewers.viewer(request, context: context), videoId: id)
            return ListResponse(items: captions.map(CaptionResponse.init), nextCursor: nil)
        }
        routes.add(.delete, "/api/v1/videos/:id/captions/:lang") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            try await useCases.deleteCaption.execute(principal: principal, videoId: id, language: context.parameters.get("lang") ?? "")
            return HTTPResponse.Status.noContent
        }
    }

    /// A request body of at most `limit` bytes (413 beyond, from `Content-Length` when declared).
    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw RequestError.payloadTooLarge(limit: limit)
        }
        var request = request
        do {
            return Array(try await request.collectBody(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw RequestError.payloadTooLarge(limit: limit)
        }
    }
}
