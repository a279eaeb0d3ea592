#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Signs and checks media tokens (HMAC), so media requests are authorised without a database round trip.
public protocol MediaTokenService: Sendable {
    func sign(_ grant: MediaGrant) -> String
    /// The grant a token carries when its signature is valid (expiry is the caller's check).
    func verify(_ token: String) throws(MediaAccessError) -> MediaGrant
}
