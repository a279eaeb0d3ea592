#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Durable store of accounts.
public protocol UserRepository: Sendable {
    /// Stores a new user together with its first profile, atomically. Throws `AuthError.emailTaken`.
    func create(_ user: User, firstProfile: Profile) async throws
    /// The user with this id, if any.
    func find(id: UUID) async throws -> User?
    /// The user with this (normalised) email, if any.
    func find(email: EmailAddress) async throws -> User?
    /// The user whose channel handle is `handle` (lower case), if any.
    func find(handle: String) async throws -> User?
    /// Atomically reads the user, lets `change` mutate it and stores the result; nil when there is no such user.
    /// Throws `CatalogError.handleTaken` when the new handle belongs to another account.
    func update(id: UUID, _ change: @Sendable (inout User) throws -> Void) async throws -> User?
    /// Users ordered by creation time then id, strictly after `after`.
    func list(after: KeysetPosition?, limit: Int) async throws -> [User]
}
