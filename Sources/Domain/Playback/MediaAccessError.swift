#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a media request was refused (checked from the token alone, without a database).
public enum MediaAccessError: Error, Sendable, Equatable {
    case missingToken
    /// Malformed, signed with another key, or for another video.
    case invalidToken
    case expiredToken
    /// The file belongs to a rendition the token does not grant (above the plan).
    case renditionNotAllowed
    /// Not a file of a package.
    case notFound
}
