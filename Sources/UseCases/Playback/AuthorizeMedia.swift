#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain

/// `GET /media/{videoId}/{file}`: decides from the signed token alone (no database) whether a package file may be
/// sent, and says how: manifests are rewritten so their child URLs carry the token and list only granted
/// renditions; everything else is sent as stored.
public struct AuthorizeMedia: Sendable {
    public enum Delivery: Sendable, Equatable {
        /// A manifest to rewrite for this grant.
        case manifest(ManifestKind)
        /// Bytes to send as stored (segments, init segments, images).
        case object
    }

    let tokens: any MediaTokenService
    let clock: any DateProvider

    public init(tokens: any MediaTokenService, clock: any DateProvider) {
        self.tokens = tokens
        self.clock = clock
    }

    public func execute(videoId: UUID, file: String, token: String?) throws(MediaAccessError) -> (MediaGrant, Delivery) {
        guard let media = MediaFile(name: file) else { throw .notFound }
        guard let token, !token.isEmpty else { throw .missingToken }
        let grant = try tokens.verify(token)
        guard grant.videoId == videoId else { throw .invalidToken }
        guard clock.now() < grant.expiresAt else { throw .expiredToken }
        guard grant.allows(media) else { throw .renditionNotAllowed }
        if let kind = ManifestKind(file: file) { return (grant, .manifest(kind)) }
        return (grant, .object)
    }
}
