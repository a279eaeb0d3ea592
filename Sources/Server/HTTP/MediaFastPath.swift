import Adapters
#if canImport(Glibc)
import Glibc
#endif
import Domain
import Foundation
import HTTPTypes
import Logging
import NIOCore
import Prometheus
import UseCases

/// Media requests answered from the connection's bytes by `HeartbeatWireHandler`, in front of the HTTP/1 decoder,
/// when the package lives on local disk: segments, init segments and images go out with `sendfile` (a `FileRegion`),
/// manifests are rewritten from the shared cache of stored manifests, and nothing crosses to a task.
///
/// Segments are most of a streaming service's bytes. Through the router each one is copied through user space in
/// chunks read on the storage threads, about half of nginx's speed on the same files; from here the kernel sends the
/// file, as nginx does. It answers exactly as `MediaController` would (the same use case, `AuthorizeMedia`, the same
/// header and range logic, the same access log, metrics, request id, CORS, `Date` and `Server`), and only what it
/// can answer that way: a `GET` whose target is `/media/<video id>/<file name>?token=<token>` with nothing else in
/// the query, no credentials, a token that authorizes the file, and a file (or a cached manifest) that is there.
/// Anything else, denials and misses included, is handed to the router untouched, which stays the reference.
final class MediaFastPath: Sendable {
    let authorize: AuthorizeMedia
    let storage: LocalDiskObjectStorage
    let manifestSources: ManifestSourceCache
    let secureLink: SecureLinkSigner?
    let metrics: HTTPMetrics
    let logger: Logger
    let responseFields: RouterResponseFields

    init(
        authorize: AuthorizeMedia, storage: LocalDiskObjectStorage, manifestSources: ManifestSourceCache, secureLink: SecureLinkSigner?,
        metrics: HTTPMetrics, logger: Logger, allowedOrigins: Set<String>, serverName: String?
    ) {
        self.authorize = authorize
        self.storage = storage
        self.manifestSources = manifestSources
        self.secureLink = secureLink
        self.metrics = metrics
        self.logger = logger
        self.responseFields = RouterResponseFields(allowedOrigins: allowedOrigins, serverName: serverName)
    }

    /// The route label of media requests in metrics and logs, as the router names it.
    static let route = "/media/{videoId}/{file}"
    private static let prefix = Array("/media/".utf8)
    private static let query = Array("?token=".utf8)

    /// A response ready to write: its head as HTTP/1.1 bytes and its body.
    struct Answer {
        enum Body {
            case none
            /// A rewritten manifest, made straight into the buffer behind the head.
            case manifest(RenderedManifest)
            /// A span of an open file; the writer owns the descriptor and closes it once the span is sent.
            case file(descriptor: Int32, offset: Int64, length: Int64)
        }
        var head: HTTPResponse
        var body: Body
    }

    /// The parts of a media target the fast path takes: `/media/<uuid>/<name>?token=<token>`, the name and the token
    /// of characters that need no decoding (what the router would decode is left to it).
    static func parts(of target: String) -> (videoId: UUID, file: String, token: String)? {
        var target = target
        return target.withUTF8 { bytes in
            let idStart = prefix.count
            let fileStart = idStart + 37
            guard bytes.count > fileStart, bytes.starts(with: prefix), bytes[fileStart - 1] == UInt8(ascii: "/"),
                let videoId = UUID(utf8: bytes[idStart..<(fileStart - 1)])
            else { return nil }
            guard let mark = bytes[fileStart...].firstIndex(of: UInt8(ascii: "?")), mark > fileStart,
                bytes[fileStart..<mark].allSatisfy(isPlainByte),
                bytes[mark...].starts(with: query), bytes[(mark + query.count)...].allSatisfy(isPlainByte)
            else { return nil }
            let file = String(decoding: UnsafeBufferPointer(rebasing: bytes[fileStart..<mark]), as: UTF8.self)
            let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[(mark + query.count)...]), as: UTF8.self)
            return (videoId, file, token)
        }
    }

    /// RFC 3986 unreserved characters: the same before and after percent-decoding.
    private static func isPlainByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// The answer when the fast path can give the router's answer; nil hands the request on. Runs on the
    /// connection's event loop: `open` and `fstat` of a local file are the only system calls.
    func answer(_ request: WireMedia, start: ContinuousClock.Instant) -> Answer? {
        guard let (videoId, file, token) = Self.parts(of: request.target),
            let (grant, delivery) = try? authorize.execute(videoId: videoId, file: file, token: token),
            let key = try? Video.mediaKey(videoId, path: file)
        else { return nil }
        var status: HTTPResponse.Status
        var fields: HTTPFields
        var body = Answer.Body.none
        switch delivery {
        case .manifest(let kind):
            let query = MediaController.childQuery(videoId: videoId, token: token, grant: grant, secureLink: secureLink)
            guard let rendered = manifestSources.rendered(for: key, kind: kind, grant: grant, query: query) else { return nil }
            let (manifestStatus, manifestFields, manifest) = MediaController.rewritten(rendered, kind: kind, ifNoneMatch: request.ifNoneMatch)
            (status, fields) = (manifestStatus, manifestFields)
            if let manifest { body = .manifest(manifest) }
        case .object:
            guard let opened = try? storage.openForSending(key: key) else { return nil }
            let outcome = MediaController.Outcome(
                info: opened.info, ifNoneMatch: request.ifNoneMatch, range: request.range.flatMap(MediaController.parseRange))
            (status, fields) = MediaController.head(key: key, info: opened.info, outcome: outcome)
            if let span = outcome.span {
                body = .file(descriptor: opened.descriptor, offset: span.lowerBound, length: span.upperBound - span.lowerBound + 1)
            } else {
                _ = Glibc.close(opened.descriptor)
            }
        }
        // As the router's response gets them: `Content-Length: 0` on a response without a body but a 304
        // (Hummingbird's), then the middleware's fields.
        if status != .notModified, !fields.contains(.contentLength) { fields.append(HTTPField(name: .contentLength, value: "0")) }
        let requestId = RequestLifecycleMiddleware.requestId(supplied: request.requestId)
        responseFields.complete(&fields, requestId: requestId, origin: request.origin)
        metrics.mediaFastPath.increment()
        var logger = self.logger
        if logger.logLevel <= .info { logger[metadataKey: "request.id"] = .string(requestId) }
        let target = request.target
        let path = String(target[..<(target.utf8.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex)])
        RequestLifecycleMiddleware.finish(
            method: "GET", route: Self.route, path: path, status: status.code, start: start, metrics: metrics, logger: logger)
        return Answer(head: HTTPResponse(status: status, headerFields: fields), body: body)
    }
}
