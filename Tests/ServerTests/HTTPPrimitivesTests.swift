import Foundation
import Hummingbird
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

    @Test func randomBytesAreNeverHandedOutTwiceAcrossThreads() async {
        // 8 tasks x 200 UUIDs cross many 256-byte refills; a byte range given twice would repeat a UUID.
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<200).map { _ in UUID.random() } } }
            return await group.reduce(into: [UUID]()) { $0 += $1 }
        }
        #expect(Set(ids).count == 1_600)
        // And the bytes are not all alike (a pool that stayed zero would still make version-4 UUIDs).
        let bytes = ids.prefix(64).flatMap { id in withUnsafeBytes(of: id.uuid) { Array($0) } }
        #expect(Set(bytes).count > 100)
    }

    /// The split-and-lowercase versions these replaced, as the reference. One deliberate change: the media type is
    /// the text before the first `;` (the old split dropped an empty first piece, so `;application/json` passed).
    private static func referenceIsJSON(_ contentType: String?) -> Bool {
        let contentType = contentType?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";", omittingEmptySubsequences: false).first.map { String($0.trimmingOWS) } ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    private static func referenceBearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1].trimmingOWS)
    }

    @Test(arguments: [
        nil, "", "application/json", "Application/JSON", "application/json; charset=utf-8", " application/json ;x=y",
        "\tapplication/json\t", "application/problem+json", "APPLICATION/VND.API+JSON;v=1", "application/+json", "application/jsonx",
        "application/json-seq", "text/json", "text/plain", "application/xml", "multipart/form-data; boundary=x", ";application/json",
        "application", "+json", "application/ json", "applicatioN/Json\u{0}", "ápplication/json",
    ])
    func jsonMediaTypesAreRecognisedLikeTheReference(contentType: String?) {
        #expect(Request.isJSON(contentType: contentType) == Self.referenceIsJSON(contentType))
    }

    @Test(arguments: [
        "Bearer abc", "bearer abc", "BEARER abc", "BeArEr a.b.c", "Bearer  abc", "Bearer abc  ", "Bearer\tabc", "  Bearer abc",
        "Bearer", "Bearer ", "Bearer  ", "Basic dXNlcjpwYXNz", "Bearerabc", "Bearers abc", "Token abc", "", " ", "Bearer a b",
        "Béarer abc",
    ])
    func bearerTokensAreReadLikeTheReference(header: String) {
        #expect(AuthenticationMiddleware.bearerToken(header) == Self.referenceBearerToken(header))
    }
}
