import Domain
import Hummingbird
import NIOCore

/// Per-request state: request id, the authenticated principal (if any) and the client's address.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `RequestIdMiddleware`.
    public var requestId: String = "-"
    /// Set by `AuthenticationMiddleware` when a valid bearer token is presented.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The authenticated principal, or `AuthError.unauthenticated`.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw AuthError.unauthenticated }
        return principal
    }
}
