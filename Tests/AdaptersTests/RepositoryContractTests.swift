import Adapters
import Domain
import Foundation
import InMemoryAdapters
import PostgresNIO
import Testing

/// The same behaviour asked of the in-memory twins and the PostgreSQL adapters.
enum Store: String, CaseIterable, Sendable {
    case memory, postgres

    struct Repositories: Sendable {
        var users: any UserRepository
        var profiles: any ProfileRepository
        var refreshTokens: any RefreshTokenRepository
    }

    func with(_ body: @Sendable (Repositories) async throws -> Void) async throws {
        switch self {
        case .memory:
            let profiles = ProfileMemoryRepository()
            try await body(
                Repositories(
                    users: UserMemoryRepository(profiles: profiles), profiles: profiles, refreshTokens: RefreshTokenMemoryRepository()))
        case .postgres:
            try await withPostgres { client in
                try await body(
                    Repositories(
                        users: UserPostgresRepository(client: client, logger: TestEnvironment.logger),
                        profiles: ProfilePostgresRepository(client: client, logger: TestEnvironment.logger),
                        refreshTokens: RefreshTokenPostgresRepository(client: client, logger: TestEnvironment.logger)))
            }
        }
    }
}

func makeUser(email: String = "u\(UUID().uuidString.prefix(8).lowercased())@example.com", at date: Date = Date()) throws -> (User, Profile)
{
    let now = Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1_000_000).rounded() / 1_000_000)
    let user = User(
        id: UUID(), email: try EmailAddress(email), displayName: "Viewer", role: .user, status: .active,
        passwordHash: "$2b$12$hash", mfa: .disabled, createdAt: now, updatedAt: now)
    return (user, Profile(id: UUID(), userId: user.id, name: "Viewer", avatarURL: nil, isKids: false, createdAt: now, updatedAt: now))
}

/// Timestamps as stored (PostgreSQL keeps microseconds; Date round trips may differ in the last binary digit).
func roundedDates(_ user: User) -> User {
    var user = user
    user.createdAt = Date(timeIntervalSince1970: (user.createdAt.timeIntervalSince1970 * 1000).rounded() / 1000)
    user.updatedAt = Date(timeIntervalSince1970: (user.updatedAt.timeIntervalSince1970 * 1000).rounded() / 1000)
    return user
}

@Suite struct UserRepositoryContract {
    @Test(arguments: Store.allCases) func createFindAndCaseInsensitiveUniqueness(store: Store) async throws {
        try await store.with { repos in
            let (user, profile) = try makeUser()
            try await repos.users.create(user, firstProfile: profile)
            let found = try await repos.users.find(id: user.id)
            #expect(found.map { roundedDates($0) } == roundedDates(user))
            #expect(try await repos.users.find(email: user.email)?.id == user.id)
            let (twin, twinProfile) = try makeUser(email: user.email.value.uppercased())
            await #expect(throws: AuthError.emailTaken) { try await repos.users.create(twin, firstProfile: twinProfile) }
            let listed = try await repos.profiles.list(userId: user.id)
            #expect(listed.map(\.id) == [profile.id] && listed.first?.name == profile.name)
        }
    }

    @Test(arguments: Store.allCases) func updateAppliesTheChangeAtomically(store: Store) async throws {
        try await store.with { repos in
            let (user, profile) = try makeUser()
            try await repos.users.create(user, firstProfile: profile)
            let updated = try await repos.users.update(id: user.id) { user in
                user.mfa = MFAState(secret: "ABC", enabled: true, lastUsedStep: 42)
                user.displayName = "Renamed"
            }
            #expect(updated?.mfa.lastUsedStep == 42)
            #expect(try await repos.users.find(id: user.id)?.displayName == "Renamed")
            // A throwing change stores nothing.
            await #expect(throws: AuthError.mfaAlreadyEnabled) {
                try await repos.users.update(id: user.id) { user in
                    user.displayName = "Never"
                    throw AuthError.mfaAlreadyEnabled
                }
            }
            #expect(try await repos.users.find(id: user.id)?.displayName == "Renamed")
            #expect(try await repos.users.update(id: UUID()) { _ in } == nil)
        }
    }

    @Test(arguments: Store.allCases) func listPagesByCreationThenId(store: Store) async throws {
        try await store.with { repos in
            let base = Date(timeIntervalSince1970: 4_000_000_000 + Double.random(in: 0..<1_000_000))  // after every other test's users
            var created: [User] = []
            for index in 0..<5 {
                let (user, profile) = try makeUser(at: base.addingTimeInterval(Double(index / 2)))  // pairs share a timestamp
                try await repos.users.create(user, firstProfile: profile)
                created.append(user)
            }
            let expected = created.sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
            let first = try await repos.users.list(
                after: KeysetPosition(createdAt: base.addingTimeInterval(-0.000001), id: UUID()), limit: 3)
            let rest = try await repos.users.list(after: KeysetPosition(createdAt: first[2].createdAt, id: first[2].id), limit: 10)
            #expect((first + rest).map(\.id) == expected.map(\.id))
        }
    }
}

@Suite struct ProfileRepositoryContract {
    @Test(arguments: Store.allCases) func concurrentCreatesNeverPassTheMaximum(store: Store) async throws {
        try await store.with { repos in
            let (user, profile) = try makeUser()
            try await repos.users.create(user, firstProfile: profile)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let extra = Profile(
                            id: UUID(), userId: user.id, name: "P\(index)", avatarURL: nil, isKids: false, createdAt: Date(),
                            updatedAt: Date())
                        return (try? await repos.profiles.create(extra, maximum: 5)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 4)
            #expect(try await repos.profiles.list(userId: user.id).count == 5)
        }
    }

    @Test(arguments: Store.allCases) func profilesAreScopedToTheirAccount(store: Store) async throws {
        try await store.with { repos in
            let (alice, aliceProfile) = try makeUser()
            let (bob, bobProfile) = try makeUser()
            try await repos.users.create(alice, firstProfile: aliceProfile)
            try await repos.users.create(bob, firstProfile: bobProfile)
            #expect(try await repos.profiles.update(id: aliceProfile.id, userId: bob.id) { $0.name = "stolen" } == nil)
            #expect(try await repos.profiles.delete(id: aliceProfile.id, userId: bob.id) == false)
            await #expect(throws: ProfileError.lastProfile) { try await repos.profiles.delete(id: aliceProfile.id, userId: alice.id) }
            #expect(try await repos.profiles.list(userId: alice.id).map(\.name) == ["Viewer"])
        }
    }
}

@Suite struct RefreshTokenRepositoryContract {
    @Test(arguments: Store.allCases) func decisionsAreAppliedUnderTheLock(store: Store) async throws {
        try await store.with { repos in
            let (user, profile) = try makeUser()
            try await repos.users.create(user, firstProfile: profile)
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded())
            let family = UUID()
            let first = RefreshToken(
                id: UUID(), userId: user.id, familyId: family, tokenHash: "h-\(UUID())", createdAt: now,
                expiresAt: now.addingTimeInterval(60))
            try await repos.refreshTokens.insert(first)
            let second = RefreshToken(
                id: UUID(), userId: user.id, familyId: family, tokenHash: "h-\(UUID())", createdAt: now,
                expiresAt: now.addingTimeInterval(60))
            let seen = try await repos.refreshTokens.withLockedToken(hash: first.tokenHash) { _ in .rotate(successor: second) }
            #expect(seen == first)
            let used = try await repos.refreshTokens.withLockedToken(hash: first.tokenHash) { _ in .revokeFamily }
            #expect(used?.usedAt != nil)
            let revoked = try await repos.refreshTokens.withLockedToken(hash: second.tokenHash) { _ in .reject }
            #expect(revoked?.revokedAt != nil)
            #expect(try await repos.refreshTokens.withLockedToken(hash: "unknown") { _ in .reject } == nil)
        }
    }

    @Test(arguments: Store.allCases) func revokeAllSparesTheCurrentFamily(store: Store) async throws {
        try await store.with { repos in
            let (user, profile) = try makeUser()
            try await repos.users.create(user, firstProfile: profile)
            let now = Date()
            let keep = RefreshToken(
                id: UUID(), userId: user.id, familyId: UUID(), tokenHash: "k-\(UUID())", createdAt: now,
                expiresAt: now.addingTimeInterval(60))
            let drop = RefreshToken(
                id: UUID(), userId: user.id, familyId: UUID(), tokenHash: "d-\(UUID())", createdAt: now,
                expiresAt: now.addingTimeInterval(60))
            try await repos.refreshTokens.insert(keep)
            try await repos.refreshTokens.insert(drop)
            try await repos.refreshTokens.revokeAll(userId: user.id, exceptFamily: keep.familyId, at: now)
            #expect(try await repos.refreshTokens.withLockedToken(hash: keep.tokenHash) { _ in .reject }?.revokedAt == nil)
            #expect(try await repos.refreshTokens.withLockedToken(hash: drop.tokenHash) { _ in .reject }?.revokedAt != nil)
        }
    }
}
