import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`; a bare address is a /32 or /128).
/// IPv4-mapped IPv6 peers (`::ffff:10.1.2.3`) match IPv4 networks.
struct IPNetwork: Sendable, Equatable {
    let bytes: [UInt8]
    let prefix: Int

    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = Self.address(first) else { return nil }
        let maximum = address.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : maximum
        guard let prefix, (0...maximum).contains(prefix) else { return nil }
        self.bytes = address
        self.prefix = prefix
    }

    /// Whether `address` (text) is inside this network.
    func contains(_ text: some StringProtocol) -> Bool {
        guard var address = Self.address(text) else { return false }
        if address.count == 16, bytes.count == 4, address[0..<12] == Self.mappedPrefix[...] { address = Array(address[12...]) }
        guard address.count == bytes.count else { return false }
        var remaining = prefix
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            guard address[index] & mask == bytes[index] & mask else { return false }
            remaining -= bits
        }
        return true
    }

    static let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]

    /// The address's bytes (4 or 16), parsed by the C library.
    static func address(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text)
        guard string.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, string, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, string, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
