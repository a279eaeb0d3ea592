extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing HTTP optional whitespace (RFC 9110 OWS: spaces and tabs). Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString, which showed up in per-request profiles.
    var trimmingOWS: Substring {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

extension BidirectionalCollection where Element == UInt8, SubSequence == Self {
    /// Whether the bytes are `lowercase` (ASCII letters, digits and punctuation) ignoring ASCII case, without the
    /// copies `lowercased()` makes.
    func equalsIgnoringASCIICase(_ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(self, expected).allSatisfy { byte, wanted in byte == wanted || (byte >= 0x41 && byte <= 0x5a && byte | 0x20 == wanted) }
        }
    }

    /// The bytes without leading and trailing OWS (spaces and tabs).
    var trimmingOWS: Self {
        var bytes = self
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        return bytes
    }
}
