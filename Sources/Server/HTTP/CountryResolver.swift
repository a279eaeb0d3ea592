import Domain
import HTTPTypes
import Hummingbird

/// Where a request comes from: the country header set by the CDN or proxy in front (`GEO_COUNTRY_HEADER`), trusted
/// only when the socket peer is one of `TRUSTED_PROXIES`; otherwise the GeoIP database's answer for the client's
/// address; otherwise unknown.
struct CountryResolver: Sendable {
    var header: HTTPField.Name?
    var trustedProxies: [IPNetwork]
    var locator: (any CountryLocator)?
    /// Whether the client's address may be taken from `X-Forwarded-For` (`TRUST_PROXY`).
    var trustForwardedFor: Bool

    func country(of request: Request, context: AppRequestContext) -> CountryCode? {
        let peer = context.remoteAddress?.ipAddress
        if let header, let peer, trustedProxies.contains(where: { $0.contains(peer) }), let value = request.headers[header] {
            return CountryCode(value.trimmingOWS)
        }
        guard let locator else { return nil }
        let client = ClientAddress.of(request, context: context, trustProxy: trustForwardedFor && peer.map(isTrusted) == true)
        return locator.country(of: client)
    }

    private func isTrusted(_ peer: String) -> Bool { trustedProxies.isEmpty || trustedProxies.contains { $0.contains(peer) } }
}
