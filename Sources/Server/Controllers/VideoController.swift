import Domain
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// `/api/v1/videos`: one-request uploads, reading, editing and deleting videos; the caller's videos and usage.
struct VideoController {
    let uploadVideo: UploadVideo
    let getVideo: GetVideo
    let getProcessingStatus: GetProcessingStatus
    let updateVideo: UpdateVideo
    let deleteVideo: DeleteVideo
    let listMyVideos: ListMyVideos
    let getStorageUsage: GetStorageUsage
    let bodyLimit: Int
    let viewers: ViewerReader
    /// Largest accepted form field (title, description, ...).
    static let maximumFieldBytes = 64 << 10
    static let maximumFields = 32

    func register(on routes: RouteTable) {
        let useCases = self
        let bodyLimit = self.bodyLimit
        routes.add(.post, "/api/v1/videos") { request, context in
            let principal = try context.requirePrincipal()
            guard let boundary = try MultipartStream.boundary(contentType: request.headers[.contentType]) else {
                throw RequestError.expectedMediaType("multipart/form-data")
            }
            let form = MultipartStream(body: request.body, boundary: boundary)
            var fields: [String: String] = [:]
            var tags: [String] = []
            var fieldCount = 0
            while let part = try await form.nextPart() {
                guard part.name == "file" else {
                    fieldCount += 1
                    guard fieldCount <= Self.maximumFields else { throw RequestError.malformedMultipart("too many fields") }
                    let value = try await Self.text(of: form, field: part.name)
                    if part.name == "tags" {
                        tags += value.split(separator: ",").map(String.init)
                    } else {
                        fields[part.name] = value
                    }
                    continue
                }
                let file = ByteStream {
                    if let chunk = try await form.nextChunk() { return Array(chunk.readableBytesView) }
                    // Fields must come first, so they were checked before any byte was stored.
                    if let next = try await form.nextPart() { throw VideoError.fieldAfterFile(next.name) }
                    return nil
                }
                let video = try await useCases.uploadVideo.execute(
                    .init(
                        principal: principal, title: fields["title"], description: fields["description"],
                        tags: tags.isEmpty ? nil : tags, visibility: fields["visibility"], filename: part.filename,
                        declaredBodyBytes: request.headers[.contentLength].flatMap { Int64($0) }, file: file))
                return EditedResponse(
                    status: .accepted, headers: [.location: "/api/v1/videos/\(video.id.lowercasedString)"],
                    response: VideoResponse(video))
            }
            throw VideoError.missingFile
        }
        routes.add(.get, "/api/v1/videos/:id") { request, context in
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            let viewer = try useCases.viewers.viewer(request, context: context)
            return VideoResponse(try await useCases.getVideo.execute(.init(viewer: viewer, videoId: id)))
        }
        routes.add(.get, "/api/v1/videos/:id/processing") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            return ProcessingResponse(try await useCases.getProcessingStatus.execute(principal: principal, videoId: id))
        }
        routes.add(.patch, "/api/v1/videos/:id") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            let body = try await request.decodeJSON(UpdateVideoRequest.self, limit: bodyLimit)
            return VideoResponse(
                try await useCases.updateVideo.execute(
                    .init(
                        principal: principal, videoId: id, title: body.title, description: body.description, tags: body.tags,
                        visibility: body.visibility, catalog: body.catalog)))
        }
        routes.add(.delete, "/api/v1/videos/:id") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: VideoError.notFound)
            try await useCases.deleteVideo.execute(.init(principal: principal, videoId: id))
            return HTTPResponse.Status.noContent
        }
        routes.add(.get, "/api/v1/me/videos") { request, context in
            let principal = try context.requirePrincipal()
            let page = try await useCases.listMyVideos.execute(
                .init(principal: principal, limit: try request.queryInt("limit"), cursor: request.queryString("cursor")))
            return ListResponse(items: page.items.map(VideoResponse.init), nextCursor: page.nextCursor)
        }
        routes.add(.get, "/api/v1/me/usage") { _, context in
            UsageResponse(try await useCases.getStorageUsage.execute(principal: try context.requirePrincipal()))
        }
    }

    /// A form field's value as UTF-8 text (at most `maximumFieldBytes`).
    static func text(of form: MultipartStream, field: String) async throws -> String {
        var bytes: [UInt8] = []
        while let chunk = try await form.nextChunk() {
            bytes += chunk.readableBytesView
            guard bytes.count <= maximumFieldBytes else {
                throw RequestError.invalidBody(field: field, message: "\(field) must be at most \(maximumFieldBytes) bytes")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RequestError.invalidBody(field: field, message: "\(field) must be UTF-8 text")
        }
        return text
    }
}
