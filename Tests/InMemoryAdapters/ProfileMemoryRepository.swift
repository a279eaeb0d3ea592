import Domain
import Foundation

/// In-memory `ProfileRepository`.
public actor ProfileMemoryRepository: ProfileRepository {
    private var profiles: [UUID: Profile] = [:]

    public init() {}

    public func list(userId: UUID) async throws -> [Profile] {
        profiles.values.filter { $0.userId == userId }.sorted { $0.createdAt < $1.createdAt }
    }

    public func create(_ profile: Profile, maximum: Int) async throws {
        guard profiles.values.filter({ $0.userId == profile.userId }).count < maximum else {
            throw ProfileError.limitReached(maximum: maximum)
        }
        profiles[profile.id] = profile
    }

    public func update(id: UUID, userId: UUID, _ change: @Sendable (inout Profile) throws -> Void) async throws -> Profile? {
        guard var profile = profiles[id], profile.userId == userId else { return nil }
        try change(&profile)
        profiles[id] = profile
        return profile
    }

    public func delete(id: UUID, userId: UUID) async throws -> Bool {
        guard let profile = profiles[id], profile.userId == userId else { return false }
        guard profiles.values.filter({ $0.userId == userId }).count > 1 else { throw ProfileError.lastProfile }
        profiles[id] = nil
        return true
    }
}
