import Foundation
import Testing

@testable import Adapters

@Suite struct LeaseNumberFormatTests {
    @Test func numbersAreWhatPercentPoint3fPrints() {
        let values: [Double] = [0, 1, 4.25, 0.0004, 0.0005, 0.0015, 12.3456, 999.9995, 59.999, 86_400.125, 1e9 + 0.5, -2.5, -0.0001]
        for value in values + (0..<500).map({ _ in Double.random(in: 0..<100_000) }) {
            let expected = String(format: "%.3f", value)
            let written = StreamLeaseRedisStore.number(value)
            // Both round to three decimals; they may differ only on an exact binary tie (printf rounds the exact value).
            #expect(abs((Double(written) ?? .nan) - (Double(expected) ?? .nan)) <= 0.0010001, "\(value): \(written) vs \(expected)")
            #expect(written.split(separator: ".").last?.count == 3)
        }
        #expect(StreamLeaseRedisStore.number(4.25) == "4.250")
        #expect(StreamLeaseRedisStore.number(.nan) == "0.000")
    }
}
