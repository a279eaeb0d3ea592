import Domain
import Foundation

/// In-memory `UserRepository`.
public actor UserMemoryRepository: UserRepository {
    private var users: [UUID: User] = [:]
    public let profiles: ProfileMemoryRepository

    public init(profiles: ProfileMemoryRepository = ProfileMemoryRepository()) {
        self.profiles = profiles
    }

    public func create(_ user: User, firstProfile: Profile) async throws {
        guard !users.values.contains(where: { $0.email == user.email }) else { throw AuthError.emailTaken }
        users[user.id] = user
        try await profiles.create(firstProfile, maximum: Profile.maximumPerAccount)
    }

    public func find(id: UUID) async throws -> User? { users[id] }

    public func find(email: EmailAddress) async throws -> User? { users.values.first { $0.email == email } }

    public func find(handle: String) async throws -> User? { users.values.first { $0.handle == handle.lowercased() } }

    public func update(id: UUID, _ change: @Sendable (inout User) throws -> Void) async throws -> User? {
        guard var user = users[id] else { return nil }
        try change(&user)
        if let handle = user.handle, users.values.contains(where: { $0.id != id && $0.handle == handle }) {
            throw CatalogError.handleTaken
        }
        users[id] = user
        return user
    }

    public func list(after: KeysetPosition?, limit: Int) async throws -> [User] {
        let sorted = users.values.sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
        let filtered = sorted.filter { user in
            guard let after else { return true }
            return (user.createdAt, user.id.uuidString) > (after.createdAt, after.id.uuidString)
        }
        return Array(filtered.prefix(limit))
    }

    /// Test helper: sets a user's role or status directly.
    public func set(id: UUID, role: Role? = nil, status: AccountStatus? = nil) {
        if let role { users[id]?.role = role }
        if let status { users[id]?.status = status }
    }
}
