extension Sequence where Element == UInt8 {
    /// Lowercase hex digits, two per byte (digests, ETags, signatures). Inlinable so it is specialised where it is
    /// used: called generically across modules (on a digest's slice, per manifest request) it went through the
    /// runtime's metadata lookups for every byte.
    @inlinable
    public var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
