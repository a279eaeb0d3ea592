import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// `GET /media/{videoId}/{file}`: a published package's files for a holder of a media token. The token is checked
/// without a database (HMAC); manifests are rewritten per stream (token on child URLs, only granted renditions);
/// other files are streamed from storage with `Range`, `ETag` and long-lived cache headers (or, on S3 with
/// `MEDIA_S3_REDIRECT`, answered with a redirect to a presigned URL).
struct MediaController {
    let useCases: AppUseCases
    let storage: any ObjectStorage
    let redirectToStorage: Bool
    /// Largest manifest read into memory for rewriting.
    static let maximumManifestBytes = 8 << 20
    static let immutable = "public, max-age=31536000, immutable"
    /// Rewritten manifests carry the stream's token: cacheable by the player, not by shared caches.
    static let manifestCache = "private, max-age=3600"
    static let fileIO = FileIO()

    func register(on routes: RouteTable) {
        let useCases = self.useCases
        let storage = self.storage
        let redirect = self.redirectToStorage
        routes.add(.get, "/media/:videoId/:file") { request, context in
            let videoId = try context.uuidParameter("videoId", notFound: MediaAccessError.notFound)
            guard let file = context.parameters.get("file") else { throw MediaAccessError.notFound }
            let token = request.queryString("token")
            let (grant, delivery) = try useCases.authorizeMedia.execute(videoId: videoId, file: file, token: token)
            let key = try Video.mediaKey(videoId, path: file)
            switch delivery {
            case .manifest(let kind):
                return try await Self.manifest(
                    key: key, kind: kind, grant: grant, token: token ?? "", request: request, storage: storage)
            case .object:
                return try await Self.object(key: key, request: request, context: context, storage: storage, redirect: redirect)
            }
        }
    }

    static func manifest(
        key: ObjectKey, kind: ManifestKind, grant: MediaGrant, token: String, request: Request, storage: any ObjectStorage
    ) async throws -> Response {
        let read: ObjectRead
        do {
            read = try await storage.get(key: key, range: nil)
        } catch StorageError.notFound {
            throw MediaAccessError.notFound
        }
        let original = String(decoding: try await read.body.collect(upTo: maximumManifestBytes), as: UTF8.self)
        let text = ManifestRewriter.rewrite(original, kind: kind, grant: grant, token: token)
        let bytes = Array(text.utf8)
        let etag = "\"" + SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        var headers: HTTPFields = [
            .contentType: kind.contentType, .eTag: etag, .cacheControl: manifestCache, .accessControlAllowOrigin: "*",
        ]
        if matches(request.headers[.ifNoneMatch], etag: etag) { return Response(status: .notModified, headers: headers) }
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func object(
        key: ObjectKey, request: Request, context: AppRequestContext, storage: any ObjectStorage, redirect: Bool
    ) async throws -> Response {
        guard let info = try await storage.head(key: key) else { throw MediaAccessError.notFound }
        var headers: HTTPFields = [
            .contentType: key.contentType, .eTag: info.etag, .cacheControl: immutable, .acceptRanges: "bytes",
            .accessControlAllowOrigin: "*",
        ]
        if matches(request.headers[.ifNoneMatch], etag: info.etag) { return Response(status: .notModified, headers: headers) }
        if redirect, let url = try await storage.presignedGetURL(key: key, expiresIn: 3600) {
            return Response(
                status: .found, headers: [.location: url, .cacheControl: "private, max-age=300", .accessControlAllowOrigin: "*"])
        }
        var status = HTTPResponse.Status.ok
        var range: ClosedRange<Int64>? = nil
        if let header = request.headers[.range], let requested = parseRange(header) {
            guard let resolved = requested.resolve(size: info.size) else {
                headers[.contentRange] = "bytes */\(info.size)"
                headers[.cacheControl] = nil
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            range = resolved
            status = .partialContent
            headers[.contentRange] = "bytes \(resolved.lowerBound)-\(resolved.upperBound)/\(info.size)"
        }
        let span = range ?? 0...(info.size - 1)
        let length = info.size == 0 ? 0 : Int(span.upperBound - span.lowerBound + 1)
        headers[.contentLength] = String(length)
        guard length > 0 else { return Response(status: status, headers: headers) }
        if let path = storage.localFilePath(key: key) {
            let body = try await fileIO.loadFile(
                path: path, range: Int(span.lowerBound)...Int(span.upperBound), context: context, chunkLength: 256 << 10)
            return Response(status: status, headers: headers, body: body)
        }
        let read = try await storage.get(key: key, range: range.map { .bounded(first: $0.lowerBound, last: $0.upperBound) })
        let body = ResponseBody(contentLength: length) { writer in
            for try await chunk in read.body { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// `If-None-Match`: `*` or a list of (possibly weak) tags.
    static func matches(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        let bare = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
        return header.split(separator: ",").contains { item in
            let tag = item.trimmingOWS
            return tag == "*" || tag == bare || tag == "W/" + bare
        }
    }

    /// One `bytes=` range (`a-b`, `a-`, `-n`); nil for anything else, which is then ignored (RFC 9110 §14.2).
    static func parseRange(_ header: String) -> ByteRange? {
        guard header.hasPrefix("bytes="), header.utf8.count <= 64 else { return nil }
        let spec = header.dropFirst(6).trimmingOWS
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash]
        let last = spec[spec.index(after: dash)...]
        let digits = { (text: Substring) in !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && text.count <= 18 }
        switch (first.isEmpty, last.isEmpty) {
        case (true, false):
            guard digits(last), let count = Int64(last) else { return nil }
            return .suffix(count)
        case (false, true):
            guard digits(first), let start = Int64(first) else { return nil }
            return .from(start)
        case (false, false):
            guard digits(first), digits(last), let start = Int64(first), let end = Int64(last), end >= start else { return nil }
            return .bounded(first: start, last: end)
        case (true, true):
            return nil
        }
    }
}
