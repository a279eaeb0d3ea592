import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Answers a viewer's request for a file of a published package. The signed media token alone decides access (no
/// database): it names the video, the session's renditions and an expiry. Manifests are rewritten per stream;
/// every other file is sent as stored, whole or by range, or fetched from storage directly when that is configured.
public struct DeliverMedia: Sendable {
    public struct Input: Sendable {
        public var videoId: UUID
        public var file: String
        public var token: String?
        public var range: ByteRange?
        public var condition: EntityTagCondition?

        public init(videoId: UUID, file: String, token: String?, range: ByteRange? = nil, condition: EntityTagCondition? = nil) {
            self.videoId = videoId
            self.file = file
            self.token = token
            self.range = range
            self.condition = condition
        }
    }

    /// Largest manifest read into memory for rewriting.
    public static let maximumManifestBytes = 8 << 20
    /// How long a presigned storage URL lives.
    public static let redirectLifetimeSeconds = 3600

    let tokens: any MediaTokenService
    let storage: any ObjectStorage
    let clock: any DateProvider
    /// Send viewers to storage by presigned URL instead of relaying the bytes (when storage can sign URLs).
    let redirectToStorage: Bool

    public init(tokens: any MediaTokenService, storage: any ObjectStorage, clock: any DateProvider, redirectToStorage: Bool = false) {
        self.tokens = tokens
        self.storage = storage
        self.clock = clock
        self.redirectToStorage = redirectToStorage
    }

    public func execute(_ input: Input) async throws -> MediaDelivery {
        let grant = try authorize(videoId: input.videoId, file: input.file, token: input.token)
        let key = try Video.mediaKey(input.videoId, path: input.file)
        if let kind = ManifestKind(file: input.file) { return .manifest(kind, key: key, grant: grant) }
        guard let info = try await storage.head(key: key) else { throw MediaAccessError.notFound }
        if let condition = input.condition, condition.isCurrent(info.etag) { return .notModified(info) }
        var part: ClosedRange<Int64>?
        if let range = input.range {
            guard let resolved = range.resolve(size: info.size) else { return .unsatisfiable(info) }
            part = resolved
        }
        if redirectToStorage, let url = try await storage.presignedGetURL(key: key, expiresIn: Self.redirectLifetimeSeconds) {
            return .redirect(url: url)
        }
        if let path = storage.localPath(of: key) { return .content(info, part: part, from: .file(path: path)) }
        let span = part ?? (info.size > 0 ? 0...(info.size - 1) : nil)
        guard let span else { return .content(info, part: nil, from: .stream(.chunks([]))) }
        do {
            let read = try await storage.get(key: key, range: part == nil ? nil : .bounded(first: span.lowerBound, last: span.upperBound))
            return .content(info, part: part, from: .stream(read.body))
        } catch StorageError.notFound {
            throw MediaAccessError.notFound
        }
    }

    /// The stored text of a manifest `execute` said to rewrite.
    public func storedManifest(_ key: ObjectKey) async throws -> String {
        do {
            let read = try await storage.get(key: key, range: nil)
            return String(decoding: try await read.body.collect(upTo: Self.maximumManifestBytes), as: UTF8.self)
        } catch StorageError.notFound {
            throw MediaAccessError.notFound
        }
    }

    /// The grant of a token for one file: the file must be a package file, the token valid, for this video, not
    /// expired, and open the file's rendition.
    func authorize(videoId: UUID, file: String, token: String?) throws(MediaAccessError) -> MediaGrant {
        guard let media = MediaFile(name: file) else { throw .notFound }
        guard let token, !token.isEmpty else { throw .missingToken }
        let grant = try tokens.verify(token)
        guard grant.videoId == videoId else { throw .invalidToken }
        guard clock.now() < grant.expiresAt else { throw .expiredToken }
        guard grant.allows(media) else { throw .renditionNotAllowed }
        return grant
    }
}
