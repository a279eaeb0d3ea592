import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Video {
    /// What another account may see: ready videos that are public or unlisted. Owners and admins see everything.
    func isVisible(to user: User?) -> Bool {
        if let user, user.id == ownerId || user.role == .admin { return true }
        return status == .ready && visibility != .private
    }
}
