import Domain
import Foundation
import InMemoryAdapters
import Testing
import UseCases

@Suite struct RegisterAndLoginTests {
    @Test func registerNormalisesEmailCreatesFirstProfileAndSignsIn() async throws {
        let h = Harness()
        let (session, principal) = try await h.signUp("  Alice@Example.COM ")
        #expect(session.user.email.value == "alice@example.com")
        #expect(session.user.role == .user)
        #expect(principal.userId == session.user.id)
        let profiles = try await h.profiles.list(userId: session.user.id)
        #expect(profiles.map(\.name) == ["Viewer"])
        #expect(session.user.passwordHash == "hashed:long enough password")
    }

    @Test func duplicateEmailIsRejectedCaseInsensitively() async throws {
        let h = Harness()
        _ = try await h.signUp("bob@example.com")
        await #expect(throws: AuthError.emailTaken) { try await h.signUp("BOB@example.com") }
    }

    @Test(arguments: ["short", String(repeating: "x", count: 129)])
    func passwordsOutsideThePolicyAreRejected(password: String) async throws {
        let h = Harness()
        await #expect(throws: ValidationError.self) { try await h.signUp(password: password) }
    }

    @Test(arguments: ["not-an-email", "a@b", "@example.com", "a b@example.com", ""])
    func malformedEmailsAreRejected(email: String) async throws {
        let h = Harness()
        await #expect(throws: ValidationError.self) { try await h.signUp(email) }
    }

    @Test func wrongPasswordAndUnknownEmailGiveTheSameErrorAndUnknownEmailsStillSpendAHash() async throws {
        let h = Harness()
        _ = try await h.signUp("carol@example.com")
        await #expect(throws: AuthError.invalidCredentials) {
            try await h.login.execute(.init(email: "carol@example.com", password: "wrong password!", totpCode: nil, clientAddress: "1"))
        }
        await #expect(throws: AuthError.invalidCredentials) {
            try await h.login.execute(.init(email: "nobody@example.com", password: "wrong password!", totpCode: nil, clientAddress: "1"))
        }
        #expect(h.hasher.dummyVerifications == 1)
    }

    @Test func aHashMadeTheOldWayIsReplacedAtTheNextSignIn() async throws {
        let h = Harness()
        let (session, _) = try await h.signUp("dave@example.com")
        _ = try await h.users.update(id: session.user.id, { $0.passwordHash = "legacy:long enough password" })
        _ = try await h.login.execute(.init(email: "dave@example.com", password: "long enough password", totpCode: nil, clientAddress: "1"))
        #expect(try await h.users.find(id: session.user.id)?.passwordHash == "hashed:long enough password")
    }

    @Test func suspendedAccountsCannotLogIn() async throws {
        let h = Harness()
        let (session, _) = try await h.signUp("dave@example.com")
        await h.users.set(id: session.user.id, status: .suspended)
        await #expect(throws: AuthError.accountSuspended) {
            try await h.login.execute(.init(email: "dave@example.com", password: "long enough password", totpCode: nil, clientAddress: "1"))
        }
    }

    @Test func loginAttemptsAreRateLimitedPerAddressAndEmail() async throws {
        let h = Harness(authLimit: 3)
        _ = try await h.signUp("erin@example.com")  // one register attempt, counted separately from logins
        for _ in 0..<3 {
            await #expect(throws: AuthError.invalidCredentials) {
                try await h.login.execute(
                    .init(email: "erin@example.com", password: "bad password!", totpCode: nil, clientAddress: "9.9.9.9"))
            }
        }
        await #expect(throws: RateLimitExceeded.self) {
            try await h.login.execute(
                .init(email: "erin@example.com", password: "long enough password", totpCode: nil, clientAddress: "9.9.9.9"))
        }
        // Another address is not affected.
        _ = try await h.login.execute(
            .init(email: "erin@example.com", password: "long enough password", totpCode: nil, clientAddress: "8.8.8.8"))
    }
}

@Suite struct RefreshTokenTests {
    @Test func refreshRotatesTheToken() async throws {
        let h = Harness()
        let (first, _) = try await h.signUp()
        let second = try await h.refresh.execute(.init(refreshToken: first.refreshToken))
        #expect(second.refreshToken != first.refreshToken)
        _ = try await h.refresh.execute(.init(refreshToken: second.refreshToken))
    }

    @Test func reusingARefreshTokenRevokesTheWholeFamily() async throws {
        let h = Harness()
        let (first, _) = try await h.signUp()
        let second = try await h.refresh.execute(.init(refreshToken: first.refreshToken))
        // The old token comes back: someone stole it. Both it and the legitimate successor die.
        await #expect(throws: AuthError.invalidRefreshToken) { try await h.refresh.execute(.init(refreshToken: first.refreshToken)) }
        await #expect(throws: AuthError.invalidRefreshToken) { try await h.refresh.execute(.init(refreshToken: second.refreshToken)) }
    }

    @Test func expiredAndUnknownTokensAreRejected() async throws {
        let h = Harness()
        let (session, _) = try await h.signUp()
        await #expect(throws: AuthError.invalidRefreshToken) { try await h.refresh.execute(.init(refreshToken: "nope")) }
        h.clock.advance(31 * 86400)
        await #expect(throws: AuthError.invalidRefreshToken) { try await h.refresh.execute(.init(refreshToken: session.refreshToken)) }
    }

    @Test func logoutRevokesTheSession() async throws {
        let h = Harness()
        let (session, _) = try await h.signUp()
        try await h.logout.execute(.init(refreshToken: session.refreshToken))
        await #expect(throws: AuthError.invalidRefreshToken) { try await h.refresh.execute(.init(refreshToken: session.refreshToken)) }
        try await h.logout.execute(.init(refreshToken: "unknown"))  // idempotent
    }
}

@Suite struct MFATests {
    @Test func enrolmentThenLoginNeedsAFreshCode() async throws {
        let h = Harness()
        let (session, principal) = try await h.signUp("mfa@example.com", password: "long enough password")
        let setup = try await h.setUpMFA.execute(.init(principal: principal))
        #expect(setup.otpauthURI.contains(setup.secret))
        await #expect(throws: AuthError.invalidMFACode) { try await h.enableMFA.execute(.init(principal: principal, code: "000000x")) }
        let enabled = try await h.enableMFA.execute(.init(principal: principal, code: FakeOneTimePasswordService.code(at: h.clock.now())))
        #expect(enabled.mfa.enabled)
        let login = LoginUser.Input.self
        await #expect(throws: AuthError.mfaRequired) {
            try await h.login.execute(
                login.init(email: "mfa@example.com", password: "long enough password", totpCode: nil, clientAddress: "1"))
        }
        // The code used to enable cannot be replayed to log in.
        await #expect(throws: AuthError.mfaRequired) {
            try await h.login.execute(
                login.init(
                    email: "mfa@example.com", password: "long enough password",
                    totpCode: FakeOneTimePasswordService.code(at: h.clock.now()), clientAddress: "1"))
        }
        h.clock.advance(30)
        let signedIn = try await h.login.execute(
            login.init(
                email: "mfa@example.com", password: "long enough password", totpCode: FakeOneTimePasswordService.code(at: h.clock.now()),
                clientAddress: "1"))
        #expect(signedIn.user.id == session.user.id)
        await #expect(throws: AuthError.mfaAlreadyEnabled) { try await h.setUpMFA.execute(.init(principal: principal)) }
        h.clock.advance(30)
        let disabled = try await h.disableMFA.execute(.init(principal: principal, code: FakeOneTimePasswordService.code(at: h.clock.now())))
        #expect(!disabled.mfa.enabled)
    }

    @Test func enableWithoutSetupIsRefused() async throws {
        let h = Harness()
        let (_, principal) = try await h.signUp()
        await #expect(throws: AuthError.mfaNotSetUp) { try await h.enableMFA.execute(.init(principal: principal, code: "123456")) }
        await #expect(throws: AuthError.mfaNotEnabled) { try await h.disableMFA.execute(.init(principal: principal, code: "123456")) }
    }
}

@Suite struct AccountTests {
    @Test func passwordChangeNeedsTheCurrentPasswordAndSignsOutOtherSessions() async throws {
        let h = Harness()
        let (here, principal) = try await h.signUp("pw@example.com", password: "old password 123")
        let elsewhere = try await h.login.execute(
            .init(email: "pw@example.com", password: "old password 123", totpCode: nil, clientAddress: "1"))
        await #expect(throws: ValidationError.self) {
            try await h.updateMe.execute(
                .init(principal: principal, displayName: nil, currentPassword: nil, newPassword: "new password 456"))
        }
        await #expect(throws: AuthError.wrongCurrentPassword) {
            try await h.updateMe.execute(
                .init(principal: principal, displayName: nil, currentPassword: "guess guess 1", newPassword: "new password 456"))
        }
        _ = try await h.updateMe.execute(
            .init(principal: principal, displayName: "Renamed", currentPassword: "old password 123", newPassword: "new password 456"))
        await #expect(throws: AuthError.invalidRefreshToken) { try await h.refresh.execute(.init(refreshToken: elsewhere.refreshToken)) }
        _ = try await h.refresh.execute(.init(refreshToken: here.refreshToken))
        _ = try await h.login.execute(.init(email: "pw@example.com", password: "new password 456", totpCode: nil, clientAddress: "1"))
    }
}
