import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Audience {
    /// An adult audience of `user` with no known country: enough to tell whether a video exists for them.
    init(_ user: User?, now: Date) {
        self.init(viewerId: user?.id, role: user?.role, country: nil, now: now)
    }
}
