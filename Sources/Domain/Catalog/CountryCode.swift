#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An ISO 3166-1 alpha-2 country code (`DE`), upper case.
public struct CountryCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: String

    /// A code as sent by a client or a proxy: two ASCII letters, any case. `XX`, `ZZ` and `T1` style
    /// placeholders some CDNs send for "unknown" or Tor are not countries.
    public init?(_ raw: some StringProtocol) {
        let upper = raw.uppercased()
        guard upper.utf8.count == 2, upper.utf8.allSatisfy({ (0x41...0x5A).contains($0) }), !Self.placeholders.contains(upper)
        else { return nil }
        value = upper
    }

    static let placeholders: Set<String> = ["XX", "ZZ", "AA", "QM", "QZ", "XA", "XB"]

    public var description: String { value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}
