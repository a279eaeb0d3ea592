#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds the country of an IP address (a GeoIP database).
public protocol CountryLocator: Sendable {
    /// The country `address` (IPv4 or IPv6 text) is in, when known.
    func country(of address: String) -> CountryCode?
}
