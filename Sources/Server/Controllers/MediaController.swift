import Adapters
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// `GET /media/{videoId}/{file}`: a published package's files for a holder of a media token. `DeliverMedia` decides
/// (token, renditions, object, range, validators); this sends: manifests rewritten per stream from the template
/// cache, files on this machine through Hummingbird's file I/O, other storage streamed or redirected to.
struct MediaController {
    let deliver: DeliverMedia
    /// nginx `secure_link` signatures on representation URLs of rewritten manifests (`MEDIA_SECURE_LINK_SECRET`).
    var secureLink: SecureLinkSigner? = nil
    /// Stored manifests held briefly, shared by all viewers of a video.
    var manifestSources = ManifestSourceCache()
    var fileIO = FileIO()

    func register(on routes: RouteTable) {
        let controller = self
        routes.add(.get, "/media/:videoId/:file", in: .media) { request, context in
            try await controller.media(request, context)
        }
        // Preflights are answered by `MediaCORSMiddleware`; the route only gives them a place to land.
        routes.add(.options, "/media/:videoId/:file", in: .media) { _, _ in HTTPResponse.Status.noContent }
    }

    func media(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let videoId = try context.uuidParameter("videoId", notFound: MediaAccessError.notFound)
        guard let file = context.parameters.get("file") else { throw MediaAccessError.notFound }
        let token = request.queryString("token")
        let delivery = try await deliver.execute(
            .init(
                videoId: videoId, file: file, token: token, range: request.headers[.range].flatMap(MediaResponses.parseRange),
                condition: EntityTagCondition(ifNoneMatch: request.headers[.ifNoneMatch])))
        switch delivery {
        case .manifest(let kind, let key, let grant):
            let query = ChildQuery(token: token ?? "", secureLink: secureLink?.signer(videoId: videoId, expires: grant.expiresAt))
            return try await manifest(key: key, kind: kind, grant: grant, query: query, ifNoneMatch: request.headers[.ifNoneMatch])
        case .notModified(let info):
            return Response(status: .notModified, headers: MediaResponses.objectFields(info, status: .notModified, part: nil))
        case .unsatisfiable(let info):
            return Response(
                status: .rangeNotSatisfiable, headers: MediaResponses.objectFields(info, status: .rangeNotSatisfiable, part: nil))
        case .redirect(let url):
            return Response(status: .found, headers: [.location: url, .cacheControl: MediaResponses.redirectCache])
        case .content(let info, let part, let source):
            let status: HTTPResponse.Status = part == nil ? .ok : .partialContent
            let headers = MediaResponses.objectFields(info, status: status, part: part)
            guard let span = part ?? (info.size > 0 ? 0...(info.size - 1) : nil) else { return Response(status: status, headers: headers) }
            switch source {
            case .file(let path):
                let body = try await fileIO.loadFile(path: path, range: Int(span.lowerBound)...Int(span.upperBound), context: context)
                return Response(status: status, headers: headers, body: body)
            case .stream(let stream):
                let body = ResponseBody(contentLength: Int(span.upperBound - span.lowerBound + 1)) { writer in
                    for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
                    try await writer.finish(nil)
                }
                return Response(status: status, headers: headers, body: body)
            }
        }
    }

    func manifest(key: ObjectKey, kind: ManifestKind, grant: MediaGrant, query: ChildQuery, ifNoneMatch: String?) async throws -> Response {
        let rendered: RenderedManifest
        if let held = manifestSources.rendered(for: key, kind: kind, grant: grant, query: query) {
            rendered = held
        } else {
            let original = try await deliver.storedManifest(key)
            manifestSources.store(original, for: key)
            // From the cache's template when it kept the text; a text it does not hold (too big, or expired just
            // now) is rendered here, with the same `ETag`.
            rendered =
                manifestSources.rendered(for: key, kind: kind, grant: grant, query: query)
                ?? RenderedManifest(text: original, kind: kind, grant: grant, query: query)
        }
        let (status, headers, body) = MediaResponses.rewritten(rendered, kind: kind, ifNoneMatch: ifNoneMatch)
        guard let body else { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body.buffer()))
    }
}
