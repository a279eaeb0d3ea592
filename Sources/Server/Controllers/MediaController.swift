import Adapters
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
    /// nginx `secure_link` signatures on representation URLs of rewritten manifests (`MEDIA_SECURE_LINK_SECRET`).
    var secureLink: SecureLinkSigner? = nil
    /// Stored manifests held briefly, shared by all viewers of a video.
    var manifestSources = ManifestSourceCache()
    /// Largest manifest read into memory for rewriting.
    static let maximumManifestBytes = 8 << 20
    static let immutable = "public, max-age=31536000, immutable"
    /// Rewritten manifests carry the stream's token: cacheable by the player, not by shared caches.
    static let manifestCache = "private, max-age=3600"

    func register(on routes: RouteTable) {
        let useCases = self.useCases
        let storage = self.storage
        let redirect = self.redirectToStorage
        let secureLink = self.secureLink
        let manifestSources = self.manifestSources
        routes.add(.get, "/media/:videoId/:file") { request, context in
            let videoId = try context.uuidParameter("videoId", notFound: MediaAccessError.notFound)
            guard let file = context.parameters.get("file") else { throw MediaAccessError.notFound }
            let token = request.queryString("token")
            let (grant, delivery) = try useCases.authorizeMedia.execute(videoId: videoId, file: file, token: token)
            let key = try Video.mediaKey(videoId, path: file)
            switch delivery {
            case .manifest(let kind):
                return try await Self.manifest(
                    key: key, kind: kind, grant: grant,
                    query: Self.childQuery(videoId: videoId, token: token ?? "", grant: grant, secureLink: secureLink), request: request,
                    storage: storage, sources: manifestSources)
            case .object:
                return try await Self.object(key: key, request: request, storage: storage, redirect: redirect)
            }
        }
    }

    static func manifest(
        key: ObjectKey, kind: ManifestKind, grant: MediaGrant, query: ChildQuery, request: Request, storage: any ObjectStorage,
        sources: ManifestSourceCache
    ) async throws -> Response {
        let rendered: RenderedManifest
        if let held = sources.rendered(for: key, kind: kind, grant: grant, query: query) {
            rendered = held
        } else {
            let read: ObjectRead
            do {
                read = try await storage.get(key: key, range: nil)
            } catch StorageError.notFound {
                throw MediaAccessError.notFound
            }
            let original = String(decoding: try await read.body.collect(upTo: maximumManifestBytes), as: UTF8.self)
            sources.store(original, for: key)
            // From the cache's template when it kept the text; a text it does not hold (too big, or expired just
            // now) is rendered here, with the same `ETag`.
            rendered =
                sources.rendered(for: key, kind: kind, grant: grant, query: query)
                ?? RenderedManifest(text: original, kind: kind, grant: grant, query: query)
        }
        let (status, headers, body) = rewritten(rendered, kind: kind, ifNoneMatch: request.headers[.ifNoneMatch])
        guard let body else { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body.buffer()))
    }

    /// A rewritten manifest's answer: 200 with the manifest, or 304 without a body (none is made) when `ifNoneMatch`
    /// matches.
    static func rewritten(_ manifest: RenderedManifest, kind: ManifestKind, ifNoneMatch: String?) -> (HTTPResponse.Status, HTTPFields, RenderedManifest?) {
        var headers = HTTPFields()
        headers.reserveCapacity(10)
        headers.append(HTTPField(name: .contentType, value: kind.contentType))
        headers.append(HTTPField(name: .eTag, value: manifest.etag))
        headers.append(HTTPField(name: .cacheControl, value: manifestCache))
        headers.append(HTTPField(name: .accessControlAllowOrigin, value: "*"))
        if matches(ifNoneMatch, etag: manifest.etag) { return (.notModified, headers, nil) }
        headers.append(HTTPField(name: .contentLength, value: String(manifest.count)))
        return (.ok, headers, manifest)
    }

    /// The child-URL query of a grant's manifests: its token, and nginx `secure_link` signatures when configured.
    static func childQuery(videoId: UUID, token: String, grant: MediaGrant, secureLink: SecureLinkSigner?) -> ChildQuery {
        ChildQuery(token: token, secureLink: secureLink?.signer(videoId: videoId, expires: grant.expiresAt))
    }

    /// What a request for an object gets, decided from the object's info and the request's conditional headers.
    enum Outcome {
        case notModified
        case unsatisfiable
        /// 200 or 206; the span is nil for an empty file.
        case content(HTTPResponse.Status, span: ClosedRange<Int64>?)

        init(info: ObjectInfo, ifNoneMatch: String?, range: ByteRange?) {
            if MediaController.matches(ifNoneMatch, etag: info.etag) {
                self = .notModified
            } else if let range {
                guard let resolved = range.resolve(size: info.size) else {
                    self = .unsatisfiable
                    return
                }
                self = .content(.partialContent, span: resolved)
            } else {
                self = .content(.ok, span: info.size > 0 ? 0...(info.size - 1) : nil)
            }
        }

        var span: ClosedRange<Int64>? {
            if case .content(_, let span) = self { span } else { nil }
        }
    }

    /// Bytes read per storage job when streaming a file.
    static let chunkLength = 512 << 10

    static func object(
        key: ObjectKey, request: Request, storage: any ObjectStorage, redirect: Bool
    ) async throws -> Response {
        let ifNoneMatch = request.headers[.ifNoneMatch]
        let range = request.headers[.range].flatMap(parseRange)
        if let local = storage as? LocalDiskObjectStorage {
            return try await localObject(key: key, storage: local, ifNoneMatch: ifNoneMatch, range: range)
        }
        guard let info = try await storage.head(key: key) else { throw MediaAccessError.notFound }
        let outcome = Outcome(info: info, ifNoneMatch: ifNoneMatch, range: range)
        if case .content = outcome, redirect, let url = try await storage.presignedGetURL(key: key, expiresIn: 3600) {
            return Response(
                status: .found, headers: [.location: url, .cacheControl: "private, max-age=300", .accessControlAllowOrigin: "*"])
        }
        let (status, headers) = head(key: key, info: info, outcome: outcome)
        guard let span = outcome.span else { return Response(status: status, headers: headers) }
        let read = try await storage.get(key: key, range: range == nil ? nil : .bounded(first: span.lowerBound, last: span.upperBound))
        let body = ResponseBody(contentLength: Int(span.upperBound - span.lowerBound + 1)) { writer in
            for try await chunk in read.body { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// A file on local disk: open, stat and the first chunk in one storage job; a small range is answered from it.
    static func localObject(
        key: ObjectKey, storage: LocalDiskObjectStorage, ifNoneMatch: String?, range: ByteRange?
    ) async throws -> Response {
        guard
            let read = try await storage.openRead(
                key: key, firstChunk: chunkLength, plan: { Outcome(info: $0, ifNoneMatch: ifNoneMatch, range: range).span })
        else { throw MediaAccessError.notFound }
        let outcome = Outcome(info: read.info, ifNoneMatch: ifNoneMatch, range: range)
        let (status, headers) = head(key: key, info: read.info, outcome: outcome)
        guard let span = read.span else { return Response(status: status, headers: headers) }
        guard read.hasMore else { return Response(status: status, headers: headers, body: .init(byteBuffer: read.first)) }
        let body = ResponseBody(contentLength: Int(span.upperBound - span.lowerBound + 1)) { writer in
            defer { read.close() }
            try await writer.write(read.first)
            var offset = span.lowerBound + Int64(read.first.readableBytes)
            while offset <= span.upperBound {
                let chunk = try await read.read(at: offset, count: Int(min(Int64(chunkLength), span.upperBound - offset + 1)))
                // The file shrank under us: end the response short rather than loop (the client sees the length mismatch).
                guard chunk.readableBytes > 0 else { throw StorageError.backend("\(key.value) shrank while being sent") }
                offset += Int64(chunk.readableBytes)
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Status and headers for an object response.
    static func head(key: ObjectKey, info: ObjectInfo, outcome: Outcome) -> (HTTPResponse.Status, HTTPFields) {
        // Appended in order into reserved room (a dictionary literal and later assignments, which search the
        // fields, showed up per media request).
        var headers = HTTPFields()
        headers.reserveCapacity(12)
        headers.append(HTTPField(name: .contentType, value: key.contentType))
        headers.append(HTTPField(name: .eTag, value: info.etag))
        if case .unsatisfiable = outcome {} else { headers.append(HTTPField(name: .cacheControl, value: immutable)) }
        headers.append(HTTPField(name: .acceptRanges, value: "bytes"))
        headers.append(HTTPField(name: .accessControlAllowOrigin, value: "*"))
        switch outcome {
        case .notModified:
            return (.notModified, headers)
        case .unsatisfiable:
            headers.append(HTTPField(name: .contentRange, value: "bytes */\(info.size)"))
            return (.rangeNotSatisfiable, headers)
        case .content(let status, let span):
            if status == .partialContent, let span {
                headers.append(HTTPField(name: .contentRange, value: "bytes \(span.lowerBound)-\(span.upperBound)/\(info.size)"))
            }
            headers.append(HTTPField(name: .contentLength, value: span.map { String($0.upperBound - $0.lowerBound + 1) } ?? "0"))
            return (status, headers)
        }
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
    /// Read on the UTF-8 bytes: every accepted form is ASCII, and any other byte fails the digit checks (a
    /// Foundation substring search here showed up in the media path's profile).
    static func parseRange(_ header: String) -> ByteRange? {
        var header = header
        return header.withUTF8 { parseRange(bytes: $0[...]) }
    }

    private static func parseRange(bytes header: Slice<UnsafeBufferPointer<UInt8>>) -> ByteRange? {
        let prefix: StaticString = "bytes="
        guard header.count <= 64, header.count >= prefix.utf8CodeUnitCount,
            prefix.withUTF8Buffer({ header.starts(with: $0) })
        else { return nil }
        let spec = header.dropFirst(prefix.utf8CodeUnitCount).trimmingOWS
        guard !spec.contains(UInt8(ascii: ",")), let dash = spec.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let first = number(spec[..<dash])
        let last = number(spec[(dash + 1)...])
        switch (spec.startIndex == dash, dash + 1 == spec.endIndex) {
        case (true, false):
            guard let count = last else { return nil }
            return .suffix(count)
        case (false, true):
            guard let start = first else { return nil }
            return .from(start)
        case (false, false):
            guard let start = first, let end = last, end >= start else { return nil }
            return .bounded(first: start, last: end)
        case (true, true):
            return nil
        }
    }

    /// 1 to 18 ASCII digits (so the value fits in `Int64`).
    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }
}
