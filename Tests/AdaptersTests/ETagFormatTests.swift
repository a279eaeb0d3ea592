import Testing

@testable import Adapters

@Suite struct ETagFormatTests {
    /// The ETag is written digit by digit; this is the formatting it replaced, kept as the oracle.
    static func reference(size: Int64, modifiedNanoseconds: Int64) -> String {
        "\"\(String(size, radix: 16))-\(String(modifiedNanoseconds, radix: 16))\""
    }

    @Test func etagsAreWhatRadixFormattingPrints() {
        var values: [Int64] = [0, 1, 9, 10, 15, 16, 255, 256, 4095, 4096, 3_449_551, 1_763_800_000_123_456_789, .max, -1, .min]
        var random = SystemRandomNumberGenerator()
        for bits in 1...62 { values.append(Int64.random(in: 0..<(Int64(1) << bits), using: &random)) }
        for size in values {
            for time in values {
                #expect(
                    LocalDiskObjectStorage.etag(size: size, modifiedNanoseconds: time)
                        == Self.reference(size: size, modifiedNanoseconds: time),
                    "\(size) \(time)")
            }
        }
    }
}
