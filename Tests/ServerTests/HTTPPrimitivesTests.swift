import Foundation
import Testing

@testable import Server

@Suite struct HTTPPrimitivesTests {
    @Test func httpDateIsTheIMFFixdateFoundationWrites() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        var generator = SystemRandomNumberGenerator()
        let samples = [951_782_400, 1_795_300_771, 4_102_444_799] + (0..<500).map { _ in Int.random(in: 0..<4_102_444_800, using: &generator) }
        for second in samples {
            #expect(HTTPDate.format(secondsSince1970: second) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second))))
        }
        let now = Int(Date().timeIntervalSince1970)
        let current = HTTPDate.now
        #expect([now, now + 1].map { HTTPDate.format(secondsSince1970: $0) }.contains(current))
    }

    @Test func randomUUIDsAreVersion4AndDistinct() {
        var seen = Set<UUID>()
        for _ in 0..<10_000 {
            let id = UUID.random()
            let text = id.uuidString
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
