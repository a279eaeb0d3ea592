import Domain
import UseCases

/// Every use case the HTTP layer calls, wired once by the composition root.
struct AppUseCases: Sendable {
    var registerUser: RegisterUser
    var loginUser: LoginUser
    var refreshSession: RefreshSession
    var logoutUser: LogoutUser
    var authenticate: AuthenticateAccessToken
    var setUpMFA: SetUpMFA
    var enableMFA: EnableMFA
    var disableMFA: DisableMFA
    var getCurrentUser: GetCurrentUser
    var updateCurrentUser: UpdateCurrentUser
    var listProfiles: ListProfiles
    var createProfile: CreateProfile
    var updateProfile: UpdateProfile
    var deleteProfile: DeleteProfile
    var listUsers: ListUsers

    /// The ports the use cases need.
    struct Ports: Sendable {
        var users: any UserRepository
        var profiles: any ProfileRepository
        var refreshTokens: any RefreshTokenRepository
        var hasher: any PasswordHasher
        var accessTokens: any AccessTokenService
        var otp: any OneTimePasswordService
        var tokens: any SecureTokenGenerator
        var rateLimiter: any RateLimiter
        var clock: any DateProvider
    }

    init(ports p: Ports, config: AppConfig) {
        let sessions = SessionIssuer(
            accessTokens: p.accessTokens, refreshTokens: p.refreshTokens, tokens: p.tokens, clock: p.clock,
            refreshLifetime: config.refreshTokenTTL)
        let authLimits = AuthRateLimits(limiter: p.rateLimiter, rule: config.authRateLimit)
        registerUser = RegisterUser(users: p.users, hasher: p.hasher, sessions: sessions, rateLimits: authLimits, clock: p.clock)
        loginUser = LoginUser(
            users: p.users, hasher: p.hasher, otp: p.otp, sessions: sessions, rateLimits: authLimits, clock: p.clock)
        refreshSession = RefreshSession(
            users: p.users, refreshTokens: p.refreshTokens, tokens: p.tokens, sessions: sessions, clock: p.clock)
        logoutUser = LogoutUser(refreshTokens: p.refreshTokens, tokens: p.tokens, clock: p.clock)
        authenticate = AuthenticateAccessToken(accessTokens: p.accessTokens)
        setUpMFA = SetUpMFA(users: p.users, otp: p.otp, issuer: config.mfaIssuer)
        enableMFA = EnableMFA(users: p.users, otp: p.otp, clock: p.clock)
        disableMFA = DisableMFA(users: p.users, otp: p.otp, clock: p.clock)
        getCurrentUser = GetCurrentUser(users: p.users)
        updateCurrentUser = UpdateCurrentUser(users: p.users, hasher: p.hasher, refreshTokens: p.refreshTokens, clock: p.clock)
        listProfiles = ListProfiles(users: p.users, profiles: p.profiles)
        createProfile = CreateProfile(users: p.users, profiles: p.profiles, clock: p.clock)
        updateProfile = UpdateProfile(users: p.users, profiles: p.profiles, clock: p.clock)
        deleteProfile = DeleteProfile(users: p.users, profiles: p.profiles)
        listUsers = ListUsers(users: p.users)
    }
}
