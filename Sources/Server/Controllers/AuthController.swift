import Domain
import Hummingbird
import UseCases

/// `/api/v1/auth/...`: registration, login, token refresh, logout and TOTP enrolment.
struct AuthController {
    let registerUser: RegisterUser
    let loginUser: LoginUser
    let refreshSession: RefreshSession
    let logoutUser: LogoutUser
    let setUpMFA: SetUpMFA
    let enableMFA: EnableMFA
    let disableMFA: DisableMFA
    let bodyLimit: Int
    let trustProxy: Bool

    func register(on routes: RouteTable) {
        let useCases = self
        let bodyLimit = self.bodyLimit
        let trustProxy = self.trustProxy
        routes.add(.post, "/api/v1/auth/register") { request, context in
            let body = try await request.decodeJSON(RegisterRequest.self, limit: bodyLimit)
            let session = try await useCases.registerUser.execute(
                .init(
                    email: body.email, password: body.password, displayName: body.displayName,
                    clientAddress: ClientAddress.of(request, context: context, trustProxy: trustProxy)))
            return EditedResponse(status: .created, response: SessionResponse(session))
        }
        routes.add(.post, "/api/v1/auth/login") { request, context in
            let body = try await request.decodeJSON(LoginRequest.self, limit: bodyLimit)
            let session = try await useCases.loginUser.execute(
                .init(
                    email: body.email, password: body.password, totpCode: body.totpCode,
                    clientAddress: ClientAddress.of(request, context: context, trustProxy: trustProxy)))
            return SessionResponse(session)
        }
        routes.add(.post, "/api/v1/auth/refresh") { request, context in
            let body = try await request.decodeJSON(RefreshTokenRequest.self, limit: bodyLimit)
            return SessionResponse(try await useCases.refreshSession.execute(.init(refreshToken: body.refreshToken)))
        }
        routes.add(.post, "/api/v1/auth/logout") { request, context in
            let body = try await request.decodeJSON(RefreshTokenRequest.self, limit: bodyLimit)
            try await useCases.logoutUser.execute(.init(refreshToken: body.refreshToken))
            return HTTPResponse.Status.noContent
        }
        routes.add(.post, "/api/v1/auth/mfa/setup") { _, context in
            let output = try await useCases.setUpMFA.execute(.init(principal: try context.requirePrincipal()))
            return MFASetupResponse(secret: output.secret, otpauthUri: output.otpauthURI)
        }
        routes.add(.post, "/api/v1/auth/mfa/enable") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(MFACodeRequest.self, limit: bodyLimit)
            return UserResponse(try await useCases.enableMFA.execute(.init(principal: principal, code: body.code)))
        }
        routes.add(.post, "/api/v1/auth/mfa/disable") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(MFACodeRequest.self, limit: bodyLimit)
            return UserResponse(try await useCases.disableMFA.execute(.init(principal: principal, code: body.code)))
        }
    }
}
