import Domain
import Foundation
import Hummingbird
import Testing

@testable import Server

@Suite struct HTTPPrimitivesTests {
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

    @Test func ifNoneMatchListsAreReadIntoTags() {
        #expect(EntityTagCondition(ifNoneMatch: nil) == nil)
        #expect(EntityTagCondition(ifNoneMatch: "\"a\", W/\"b\" ,\t\"c\"")?.tags == ["\"a\"", "W/\"b\"", "\"c\""])
        let condition = EntityTagCondition(ifNoneMatch: "\"other\",  W/\"x\"")
        #expect(condition?.isCurrent("\"x\"") == true && condition?.isCurrent("\"y\"") == false)
        #expect(EntityTagCondition(ifNoneMatch: "*")?.isCurrent("\"y\"") == true)
    }
}
