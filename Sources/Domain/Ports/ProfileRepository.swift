#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable store of viewer profiles.
public protocol ProfileRepository: Sendable {
    /// The account's profiles, oldest first.
    func list(userId: UUID) async throws -> [Profile]
    /// Adds a profile unless the account already holds `maximum`; throws `ProfileError.limitReached`.
    func create(_ profile: Profile, maximum: Int) async throws
    /// Atomically changes one of the account's profiles; nil when the account has no such profile.
    func update(id: UUID, userId: UUID, _ change: @Sendable (inout Profile) throws -> Void) async throws -> Profile?
    /// Deletes one of the account's profiles, refusing the last one (`ProfileError.lastProfile`);
    /// false when the account has no such profile.
    func delete(id: UUID, userId: UUID) async throws -> Bool
}
