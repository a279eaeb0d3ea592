#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Unpadded base64url (RFC 4648 §5), as used by opaque tokens and cursors.
public enum Base64URL {
    /// Written directly from the alphabet (three `replacing` passes over Foundation's padded base64 showed up in
    /// profiles: secure-link signatures are made per playlist request).
    public static func encode(_ data: Data) -> String {
        data.withUnsafeBytes { input in
            String(unsafeUninitializedCapacity: encodedCount(input.count)) { out in encode(input, into: out) }
        }
    }

    /// Characters of the encoding of `count` bytes.
    public static func encodedCount(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    /// Writes the encoding of `input` at the start of `out` and returns how many bytes it wrote (none when `out` has
    /// no room for `encodedCount(input.count)`).
    public static func encode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard out.count >= encodedCount(input.count) else { return 0 }
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return alphabet.withUTF8Buffer { table in
            var index = 0
            var offset = 0
            while offset < input.count {
                let remaining = input.count - offset
                let group =
                    UInt32(input[offset]) << 16 | (remaining > 1 ? UInt32(input[offset + 1]) << 8 : 0)
                    | (remaining > 2 ? UInt32(input[offset + 2]) : 0)
                let characters = min(remaining, 3) + 1
                for position in 0..<characters {
                    out[index] = table[Int(group >> UInt32(18 - 6 * position) & 0x3F)]
                    index += 1
                }
                offset += 3
            }
            return index
        }
    }

    /// Decodes with or without padding; nil when the text is not base64url. The URL alphabet is mapped to the
    /// standard one byte for byte, and Foundation's decoder decides what is valid.
    public static func decode(_ text: String) -> Data? {
        var base64 = Array(text.utf8)
        for index in base64.indices {
            switch base64[index] {
            case UInt8(ascii: "-"): base64[index] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): base64[index] = UInt8(ascii: "/")
            default: break
            }
        }
        while base64.count % 4 != 0 { base64.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(base64))
    }
}
