import Adapters
import Domain
import Foundation
import Logging
import PostgresNIO
import UseCases

/// Typed access to environment values, naming the variable in every error.
struct EnvironmentReader {
    var values: [String: String]

    func optionalString(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func string(_ name: String, default value: String) -> String {
        optionalString(name) ?? value
    }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let raw = optionalString(name) else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw ConfigError(name: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(raw))")
        }
        return parsed
    }

    func bool(_ name: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let raw = optionalString(name)?.lowercased() else { return value }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(name: name, reason: "must be true or false (got \(raw))")
        }
    }
}
