import Domain
import Foundation
import Hummingbird
import Logging
import UseCases

/// Reads `Authorization: Bearer`, verifies it and stores the principal in the context. A missing or invalid token
/// leaves the request anonymous: routes that need a user call `context.requirePrincipal()` (401), while public
/// routes such as login or refresh still work for a client that sends a stale token along.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let authenticate: AuthenticateAccessToken

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let token = request.headers[.authorization].flatMap(Self.bearerToken) else {
            return try await next(request, context)
        }
        var context = context
        context.principal = try? await authenticate.execute(token)
        if let principal = context.principal {
            context.logger[metadataKey: "user.id"] = .string(principal.userId.lowercasedString)
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), nil for any other scheme.
    /// Leading spaces are skipped; the token is what follows the first space after the scheme, OWS trimmed.
    static func bearerToken(_ header: String) -> String? {
        var bytes = header[...].utf8
        while bytes.first == UInt8(ascii: " ") { bytes.removeFirst() }
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")), bytes[..<space].equalsIgnoringASCIICase("bearer") else { return nil }
        let rest = bytes[bytes.index(after: space)...]
        guard !rest.isEmpty else { return nil }
        return String(Substring(rest.trimmingOWS))
    }
}
