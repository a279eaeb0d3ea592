import Foundation
import Testing
@testable import Server

/// The heartbeat body fast path may only ever accept what JSONDecoder accepts, with the same values; everything else
/// must fall through (nil) to JSONDecoder, which then decides and names the field in its error.
@Suite struct FlatJSONTests {
    static let bodies: [String] = [
        #"{"positionSeconds":12.5,"rendition":"1080p","bufferHealthSeconds":20,"bitrate":6000000}"#,
        #"{"positionSeconds":0}"#, #" { "positionSeconds" : 1e3 , "bitrate" : null } "#, "{\"positionSeconds\":\t-0.5\n}\r\n",
        #"{"positionSeconds":1,"unknown":"kept out","flag":true,"other":false,"n":null}"#,
        #"{"positionSeconds":1,"rendition":"720p\u0041"}"#, #"{"positionSeconds":1,"rendition":"caf\u00e9"}"#,
        #"{"positionSeconds":1,"rendition":"café ✓"}"#, #"{"positionSeconds":1,"rendition":"a\"b"}"#,
        #"{"positionSeconds":1,"positionSeconds":2}"#, #"{"positionSeconds":01}"#, #"{"positionSeconds":1.}"#,
        #"{"positionSeconds":.5}"#, #"{"positionSeconds":-}"#, #"{"positionSeconds":1e}"#, #"{"positionSeconds":+1}"#,
        #"{"positionSeconds":NaN}"#, #"{"positionSeconds":Infinity}"#, #"{"positionSeconds":1e400}"#,
        #"{"positionSeconds":"12"}"#, #"{"positionSeconds":null}"#, #"{"positionSeconds":true}"#, #"{}"#,
        #"{"positionSeconds":1,"bitrate":1.5}"#, #"{"positionSeconds":1,"bitrate":1e3}"#,
        #"{"positionSeconds":1,"bitrate":99999999999999999999}"#, #"{"positionSeconds":1,"bitrate":-9223372036854775808}"#,
        #"{"positionSeconds":1,"rendition":5}"#, #"{"positionSeconds":1,"bufferHealthSeconds":"x"}"#,
        #"{"positionSeconds":1,"nested":{"a":1}}"#, #"{"positionSeconds":1,"list":[1,2]}"#, #"{"positionSeconds":1,}"#,
        #"{"positionSeconds":1 /* c */}"#, #"{positionSeconds:1}"#, #"{'positionSeconds':1}"#, #"[{"positionSeconds":1}]"#,
        "null", "", "   ", "{", #"{"positionSeconds":1}}"#, #"{"positionSeconds":1} x"#, "\u{FEFF}{\"positionSeconds\":1}",
        "{\"positionSeconds\":1,\"rendition\":\"a\u{01}b\"}", #"{"positionSeconds":1,"rendition":"\/"}"#,
        #"{"positionSeconds":123456789012345678901234567890}"#, #"{"positionSeconds":-0}"#, #"{"positionSeconds":0e0}"#,
    ]

    @Test func theFastPathAgreesWithJSONDecoder() throws {
        var fast = 0
        for text in Self.bodies {
            let decoded = try? JSONDecoder().decode(HeartbeatRequest.self, from: Data(text.utf8))
            guard let object = FlatJSONObject(Array(text.utf8)), let value = HeartbeatRequest(flat: object) else { continue }
            fast += 1
            let reference = try #require(decoded, "fast path accepted what JSONDecoder refuses: \(text)")
            #expect(value.positionSeconds == reference.positionSeconds, "\(text)")
            #expect(value.rendition == reference.rendition, "\(text)")
            #expect(value.bufferHealthSeconds == reference.bufferHealthSeconds, "\(text)")
            #expect(value.bitrate == reference.bitrate, "\(text)")
        }
        #expect(fast >= 6)  // the ordinary bodies do take the fast path
    }

    @Test func invalidUTF8AndOversizedBodiesFallThrough() {
        var bytes = Array(#"{"positionSeconds":1,"rendition":""#.utf8)
        bytes += [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(FlatJSONObject(bytes) == nil)
        let big = #"{"positionSeconds":1,"rendition":""# + String(repeating: "a", count: 5000) + #""}"#
        #expect(FlatJSONObject(Array(big.utf8)) == nil)
    }
}
