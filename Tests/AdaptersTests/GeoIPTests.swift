import Adapters
import Domain
import Foundation
import Testing

/// libmaxminddb over a MaxMind-format database written for the tests by scripts/make-test-geoip.py.
@Suite struct GeoIPTests {
    @Test func countriesOfAddresses() throws {
        let locator = try GeoIPMaxMindLocator(path: try TestEnvironment.value("TEST_GEOIP_DATABASE"))
        #expect(locator.country(of: "127.0.0.1") == CountryCode("FR"))
        #expect(locator.country(of: "::1") == CountryCode("FR"))
        #expect(locator.country(of: "192.0.2.77") == CountryCode("DE"))
        #expect(locator.country(of: "2001:db8::42") == CountryCode("DE"))
        // Only a registered country: used when there is no country.
        #expect(locator.country(of: "198.51.100.3") == CountryCode("JP"))
        #expect(locator.country(of: "203.0.113.9") == nil)
        #expect(locator.country(of: "not an address") == nil)
        #expect(locator.country(of: "") == nil)
    }

    @Test func aMissingOrBrokenDatabaseIsAClearStartUpError() throws {
        #expect(throws: GeoIPError.self) { try GeoIPMaxMindLocator(path: "/nonexistent/geo.mmdb") }
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID()).mmdb").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        defer { try? FileManager.default.removeItem(atPath: junk) }
        #expect(throws: GeoIPError.self) { try GeoIPMaxMindLocator(path: junk) }
    }
}
