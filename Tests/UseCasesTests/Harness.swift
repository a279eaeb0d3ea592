import Domain
import Foundation
import InMemoryAdapters
import UseCases

/// Use cases wired to in-memory fakes.
struct Harness {
    let clock = ManualClock()
    let profiles = ProfileMemoryRepository()
    let users: UserMemoryRepository
    let refreshTokens = RefreshTokenMemoryRepository()
    let hasher = FakePasswordHasher()
    let otp = FakeOneTimePasswordService()
    let tokens = FakeTokenGenerator()
    let limiter = RateLimiterMemoryStore()
    let accessTokens: FakeAccessTokenService
    let sessions: SessionIssuer
    var authRule = RateLimitRule(limit: 1000, windowSeconds: 60)

    init(authLimit: Int = 1000) {
        users = UserMemoryRepository(profiles: profiles)
        accessTokens = FakeAccessTokenService(clock: clock)
        sessions = SessionIssuer(
            accessTokens: accessTokens, refreshTokens: refreshTokens, tokens: tokens, clock: clock,
            refreshLifetime: .seconds(30 * 86400))
        authRule.limit = authLimit
    }

    var register: RegisterUser {
        RegisterUser(
            users: users, hasher: hasher, sessions: sessions, rateLimits: AuthRateLimits(limiter: limiter, rule: authRule), clock: clock)
    }
    var login: LoginUser {
        LoginUser(
            users: users, hasher: hasher, otp: otp, sessions: sessions, rateLimits: AuthRateLimits(limiter: limiter, rule: authRule),
            clock: clock)
    }
    var refresh: RefreshSession {
        RefreshSession(users: users, refreshTokens: refreshTokens, tokens: tokens, sessions: sessions, clock: clock)
    }
    var logout: LogoutUser { LogoutUser(refreshTokens: refreshTokens, tokens: tokens, clock: clock) }
    var authenticate: AuthenticateAccessToken { AuthenticateAccessToken(accessTokens: accessTokens) }
    var setUpMFA: SetUpMFA { SetUpMFA(users: users, otp: otp, issuer: "zviewer") }
    var enableMFA: EnableMFA { EnableMFA(users: users, otp: otp, clock: clock) }
    var disableMFA: DisableMFA { DisableMFA(users: users, otp: otp, clock: clock) }
    var updateMe: UpdateCurrentUser { UpdateCurrentUser(users: users, hasher: hasher, refreshTokens: refreshTokens, clock: clock) }
    var createProfile: CreateProfile { CreateProfile(users: users, profiles: profiles, clock: clock) }
    var updateProfile: UpdateProfile { UpdateProfile(users: users, profiles: profiles, clock: clock) }
    var deleteProfile: DeleteProfile { DeleteProfile(users: users, profiles: profiles) }
    var listProfiles: ListProfiles { ListProfiles(users: users, profiles: profiles) }
    var listUsers: ListUsers { ListUsers(users: users) }

    /// Registers an account and returns its session and principal.
    func signUp(
        _ email: String = "user\(UUID().uuidString.prefix(6))@example.com", password: String = "long enough password"
    )
        async throws -> (IssuedSession, Principal)
    {
        let session = try await register.execute(.init(email: email, password: password, displayName: "Viewer", clientAddress: "10.0.0.1"))
        return (session, try await authenticate.execute(session.accessToken))
    }
}
