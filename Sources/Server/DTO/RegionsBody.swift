import Domain

/// `regions` in requests and responses: `{"mode": "allow"|"deny", "countries": ["DE", "FR"]}`.
struct RegionsBody: Codable {
    var mode: String
    var countries: [String]

    init(_ rule: RegionRule) {
        mode = rule.mode.rawValue
        countries = rule.countries.map(\.value)
    }
}
