import Domain
import Foundation
import InMemoryAdapters
import Testing
import UseCases

@Suite struct ProfileUseCaseTests {
    @Test func anAccountHoldsAtMostFiveProfiles() async throws {
        let h = Harness()
        let (_, principal) = try await h.signUp()
        for index in 2...5 {
            _ = try await h.createProfile.execute(.init(principal: principal, name: "P\(index)", avatarURL: nil, isKids: false))
        }
        await #expect(throws: ProfileError.limitReached(maximum: 5)) {
            try await h.createProfile.execute(.init(principal: principal, name: "P6", avatarURL: nil, isKids: false))
        }
    }

    @Test func anotherAccountsProfileIsNotFound() async throws {
        let h = Harness()
        let (_, alice) = try await h.signUp()
        let (_, mallory) = try await h.signUp()
        let kids = try await h.createProfile.execute(.init(principal: alice, name: "Kids", avatarURL: nil, isKids: true))
        await #expect(throws: ProfileError.notFound) {
            try await h.updateProfile.execute(.init(principal: mallory, profileId: kids.id, name: "Mine", avatarURL: nil, isKids: nil))
        }
        await #expect(throws: ProfileError.notFound) { try await h.deleteProfile.execute(.init(principal: mallory, profileId: kids.id)) }
        let aliceProfiles = try await h.listProfiles.execute(.init(principal: alice))
        #expect(aliceProfiles.contains { $0.id == kids.id && $0.name == "Kids" })
        let malloryProfiles = try await h.listProfiles.execute(.init(principal: mallory))
        #expect(!malloryProfiles.contains { $0.id == kids.id })
    }

    @Test func theLastProfileStays() async throws {
        let h = Harness()
        let (_, principal) = try await h.signUp()
        let only = try await h.listProfiles.execute(.init(principal: principal))
        await #expect(throws: ProfileError.lastProfile) {
            try await h.deleteProfile.execute(.init(principal: principal, profileId: only[0].id))
        }
    }

    @Test func avatarURLsMustBeHTTP() async throws {
        let h = Harness()
        let (_, principal) = try await h.signUp()
        await #expect(throws: ValidationError.self) {
            try await h.createProfile.execute(.init(principal: principal, name: "X", avatarURL: "javascript:alert(1)", isKids: false))
        }
        let updated = try await h.createProfile.execute(
            .init(principal: principal, name: "Y", avatarURL: "https://cdn.example.com/a.png", isKids: false))
        let cleared = try await h.updateProfile.execute(
            .init(principal: principal, profileId: updated.id, name: nil, avatarURL: .some(nil), isKids: nil))
        #expect(cleared.avatarURL == nil)
    }
}

@Suite struct ListUsersTests {
    @Test func onlyAdminsMayListAndTheRoleComesFromTheStore() async throws {
        let h = Harness()
        let (session, principal) = try await h.signUp()
        await #expect(throws: AuthError.forbidden) { try await h.listUsers.execute(.init(principal: principal, limit: nil, cursor: nil)) }
        // A token claiming admin does not help while the stored role is user.
        let forged = Principal(userId: principal.userId, role: .admin)
        await #expect(throws: AuthError.forbidden) { try await h.listUsers.execute(.init(principal: forged, limit: nil, cursor: nil)) }
        await h.users.set(id: session.user.id, role: .admin)
        let page = try await h.listUsers.execute(.init(principal: principal, limit: nil, cursor: nil))
        #expect(page.items.count == 1)
    }

    @Test func pagesWalkEveryUserOnce() async throws {
        let h = Harness()
        let (admin, principal) = try await h.signUp()
        await h.users.set(id: admin.user.id, role: .admin)
        for _ in 0..<6 {
            h.clock.advance(1)
            _ = try await h.signUp()
        }
        var seen: [UUID] = []
        var cursor: String?
        repeat {
            let page = try await h.listUsers.execute(.init(principal: principal, limit: 3, cursor: cursor))
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 7)
        #expect(Set(seen).count == 7)
        await #expect(throws: PaginationError.invalidCursor) {
            try await h.listUsers.execute(.init(principal: principal, limit: 3, cursor: "%%%"))
        }
        await #expect(throws: PaginationError.invalidLimit(maximum: 100)) {
            try await h.listUsers.execute(.init(principal: principal, limit: 0, cursor: nil))
        }
    }
}
