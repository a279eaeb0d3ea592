import Domain
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// `/api/v1/videos/{id}/captions`: a video's caption tracks (WebVTT or SubRip in, WebVTT stored).
struct CaptionController {
    let putCaption: PutCaption
    let deleteCaption: DeleteCaption
    let listCaptions: ListCaptions
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
            let limit = Caption.maximumBytes
            if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
                throw RequestError.payloadTooLarge(limit: limit)
            }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: limit)
            } catch is NIOTooManyBytesError {
                throw RequestError.payloadTooLarge(limit: limit)
            }
            let caption = try await useCases.putCaption.execute(
                .init(
                    principal: principal, videoId: id, language: language, label: request.queryString("label"), format: format,
                    body: Array(body.readableBytesView)))
            return CaptionResponse(caption)
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
}
