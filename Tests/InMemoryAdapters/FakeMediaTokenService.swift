import Domain
import Foundation
import Synchronization

/// Media tokens as opaque handles to grants kept in memory (the real service signs them with HMAC).
public final class FakeMediaTokenService: MediaTokenService {
    private let grants = Mutex<[String: MediaGrant]>([:])

    public init() {}

    public func sign(_ grant: MediaGrant) -> String {
        let token = "mt-" + UUID().uuidString
        grants.withLock { $0[token] = grant }
        return token
    }

    public func verify(_ token: String) throws(MediaAccessError) -> MediaGrant {
        guard let grant = grants.withLock({ $0[token] }) else { throw .invalidToken }
        return grant
    }
}
