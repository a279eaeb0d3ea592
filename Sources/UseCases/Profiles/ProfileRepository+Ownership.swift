import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ProfileRepository {
    /// Throws `ProfileError.notFound` unless the profile (when one is named) is the account's.
    func requireOwned(_ profileId: UUID?, by userId: UUID) async throws {
        guard let profileId else { return }
        guard try await list(userId: userId).contains(where: { $0.id == profileId }) else { throw ProfileError.notFound }
    }
}
