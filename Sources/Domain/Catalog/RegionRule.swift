#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a title may be watched: only in the listed countries (`allow`) or everywhere but them (`deny`).
public struct RegionRule: Sendable, Equatable {
    public enum Mode: String, Sendable, Codable {
        case allow
        case deny
    }

    public var mode: Mode
    public var countries: [CountryCode]

    public init(mode: Mode, countries: [CountryCode]) {
        self.mode = mode
        self.countries = Array(Set(countries)).sorted()
    }

    /// Whether a viewer in `country` may watch. An unknown country is outside every allow-list and inside no
    /// deny-list.
    public func admits(_ country: CountryCode?) -> Bool {
        switch mode {
        case .allow: country.map(countries.contains) ?? false
        case .deny: country.map { !countries.contains($0) } ?? true
        }
    }

    public static let maximumCountries = 250

    /// A rule sent by a client.
    public static func parse(mode: String, countries: [String]) throws(ValidationError) -> RegionRule {
        guard let mode = Mode(rawValue: mode) else {
            throw ValidationError(field: "regions.mode", code: "invalid_regions", message: "regions.mode must be allow or deny")
        }
        guard countries.count <= maximumCountries else {
            throw ValidationError(field: "regions.countries", code: "invalid_regions", message: "at most \(maximumCountries) countries")
        }
        var codes: [CountryCode] = []
        for raw in countries {
            guard let code = CountryCode(raw), ISO3166.alpha2.contains(code.value) else {
                throw ValidationError(
                    field: "regions.countries", code: "invalid_regions",
                    message: "each country must be an ISO 3166-1 alpha-2 code such as DE or FR")
            }
            codes.append(code)
        }
        return RegionRule(mode: mode, countries: codes)
    }
}
