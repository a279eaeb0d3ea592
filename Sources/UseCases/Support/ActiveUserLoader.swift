import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension UserRepository {
    /// The principal's account, which must still exist and be active.
    func activeUser(_ principal: Principal) async throws -> User {
        guard let user = try await find(id: principal.userId) else { throw AuthError.unauthenticated }
        guard user.status == .active else { throw AuthError.accountSuspended }
        return user
    }
}
