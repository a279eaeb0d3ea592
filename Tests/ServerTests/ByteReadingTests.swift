import Domain
import Foundation
import Testing

@testable import Server

/// `Range` headers, object keys and content types are read on their bytes; these are the readings they replaced
/// (on characters, with Foundation's substring search, `split` and `lowercased()`), kept as oracles for generated
/// inputs.
@Suite struct ByteReadingTests {
    static func referenceRange(_ header: String) -> ByteRange? {
        guard header.hasPrefix("bytes="), header.utf8.count <= 64 else { return nil }
        let spec = header.dropFirst(6).trimmingOWS
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash]
        let last = spec[spec.index(after: dash)...]
        let digits = { (text: Substring) in !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && text.count <= 18 }
        switch (first.isEmpty, last.isEmpty) {
        case (true, false):
            guard digits(last), let count = Int64(last) else { return nil }
            return .suffix(count)
        case (false, true):
            guard digits(first), let start = Int64(first) else { return nil }
            return .from(start)
        case (false, false):
            guard digits(first), digits(last), let start = Int64(first), let end = Int64(last), end >= start else { return nil }
            return .bounded(first: start, last: end)
        case (true, true):
            return nil
        }
    }

    static func referenceKeyIsValid(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= ObjectKey.maximumLength else { return false }
        for segment in value.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let first = segment.first, segment.count <= ObjectKey.maximumSegmentLength else { return false }
            let alphanumeric = { (byte: UInt8) in (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) }
            guard alphanumeric(first) else { return false }
            guard segment.allSatisfy({ alphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }

    static func referenceContentType(_ value: String) -> String {
        guard let dot = value.lastIndex(of: "."), !value[dot...].contains("/") else { return "application/octet-stream" }
        switch value[value.index(after: dot)...].lowercased() {
        case "m3u8": return "application/vnd.apple.mpegurl"
        case "mpd": return "application/dash+xml"
        case "mp4", "m4v", "cmfv": return "video/mp4"
        case "m4a", "cmfa": return "audio/mp4"
        case "m4s": return "video/iso.segment"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "webp": return "image/webp"
        case "vtt": return "text/vtt"
        case "json": return "application/json"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    static func generated(_ fragments: [String], count: Int, seed: UInt64, pieces: ClosedRange<Int>) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: pieces, using: &random)).map { _ in fragments.randomElement(using: &random)! }.joined()
        }
    }

    /// Expects `reading` to give the oracle's answer for every input; returns how many the oracle accepted.
    static func agreements<Value: Equatable>(
        _ inputs: [String], _ reading: (String) -> Value?, oracle: (String) -> Value?, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        var accepted = 0
        for input in inputs {
            let expected = oracle(input)
            #expect(reading(input) == expected, "\(input.debugDescription)", sourceLocation: sourceLocation)
            if expected != nil { accepted += 1 }
        }
        return accepted
    }

    @Test func rangesParseAsTheCharacterBasedReadingDid() {
        let fragments = [
            "bytes=", "bytes", "=", "-", "0", "1", "65536", "131071", "999999999999999999", "9999999999999999999", ",", " ", "\t",
            "é", "e\u{301}", "\u{301}", "-\u{301}", "x", "\u{0}", "+", "B", "Bytes=",
        ]
        // Mostly well-formed specs (optional space, a number, a dash, a number, optional space) with one fragment
        // put in somewhere, then free mixes.
        let numbers = ["", "", "0", "7", "65536", "131071", "999999999999999999", "1000000000000000000"]
        var random = SplitMix64(seed: 0x5A4D)
        let shaped = (0..<20_000).map { _ -> String in
            var parts = [
                ["", " ", "\t"].randomElement(using: &random)!, numbers.randomElement(using: &random)!, "-",
                numbers.randomElement(using: &random)!, ["", " ", "\t "].randomElement(using: &random)!,
            ]
            if Bool.random(using: &random) {
                parts.insert(fragments.randomElement(using: &random)!, at: Int.random(in: 0...parts.count, using: &random))
            }
            return "bytes=" + parts.joined()
        }
        let headers =
            ["bytes=0-0", "bytes=-1", "bytes=5-", "bytes= 1-2 ", "bytes=2-1", "bytes=-", "bytes=0-1,2-3", ""] + shaped
            + Self.generated(fragments, count: 10_000, seed: 0x5A4E, pieces: 1...6).map { "bytes=" + $0 }
            + Self.generated(fragments, count: 5_000, seed: 0x5A4F, pieces: 1...6)
        let ranges = Self.agreements(headers, MediaResponses.parseRange, oracle: Self.referenceRange)
        #expect(MediaResponses.parseRange("bytes=65536-131071") == .bounded(first: 65536, last: 131071))
        #expect(MediaResponses.parseRange("bytes=\t-500 ") == .suffix(500))
        #expect(ranges > 5_000)  // the generator reaches every form, not only refusals
    }

    @Test func keysAreValidatedAsTheSplittingReadingDid() throws {
        let fragments = [
            "videos", "/", "//", "media", "seg-1-00001.m4s", ".", "..", "a", "Z9", "_x", "-y", "é", "\u{0}", "\\", " ",
            String(repeating: "a", count: 127), String(repeating: "b", count: 129), "master.M3U8",
        ]
        let keys =
            ["", "/", "a", "a/", "/a", "a//b", "a/./b", String(repeating: "a/", count: 300)]
            + Self.generated(fragments, count: 20_000, seed: 0x0B1E, pieces: 1...7)
        var valid = 0
        for key in keys {
            let expected = Self.referenceKeyIsValid(key)
            #expect(((try? ObjectKey(key)) != nil) == expected, "\(key.debugDescription)")
            if expected {
                valid += 1
                #expect(try ObjectKey(key).contentType == Self.referenceContentType(key), "\(key.debugDescription)")
            }
        }
        #expect(valid > 1_000)
    }

    @Test func contentTypesAreReadInAnyCase() throws {
        let names = [
            "m3u8", "M3U8", "mpd", "mp4", "M4v", "cmfv", "m4a", "cmfa", "m4s", "jpg", "JPEG", "png", "webp", "vtt", "json", "txt", "bin",
            "m3u", "mpdx", "x",
        ]
        for name in names {
            for key in ["a/b." + name, "a." + name, "a.b/c", "a/b" + name, "a.tar." + name] {
                #expect(try ObjectKey(key).contentType == Self.referenceContentType(key), "\(key)")
            }
        }
        #expect(try ObjectKey("v/seg-1-00001.m4s").contentType == "video/iso.segment")
        #expect(try ObjectKey("v/Poster.JPG").contentType == "image/jpeg")
    }
}

/// Base64url and hex are written directly; these are the Foundation-based versions they replaced, kept as oracles.
@Suite struct EncodingTests {
    static func referenceEncode(_ data: Data) -> String {
        data.base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    static func referenceDecode(_ text: String) -> Data? {
        var base64 = text.replacing("-", with: "+").replacing("_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    @Test func base64URLIsWhatFoundationWrites() {
        var random = SplitMix64(seed: 0xB64)
        for length in 0..<200 {
            for _ in 0..<20 {
                let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
                let encoded = Base64URL.encode(data)
                #expect(encoded == Self.referenceEncode(data), "\(Array(data))")
                #expect(Base64URL.decode(encoded) == data)
            }
        }
    }

    @Test func base64URLDecodesWhatTheOldReadingDecoded() {
        let fragments = ["A", "Zm9v", "-", "_", "+", "/", "=", "==", " ", "\n", "é", "\u{0}", "YQ", "YWI", "Pz8_", "Pz8/"]
        let texts =
            ["", "=", "A", "AA", "AAA", "AAAA", "AB", "AB==", "YQ==", "YQ"]
            + ByteReadingTests.generated(fragments, count: 20_000, seed: 0xDEC0, pieces: 1...6)
        let decoded = ByteReadingTests.agreements(texts, Base64URL.decode, oracle: Self.referenceDecode)
        #expect(decoded > 1_000)
    }

    @Test func hexIsTwoLowerCaseDigitsPerByte() {
        var random = SplitMix64(seed: 0x4E8)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(bytes.hex == bytes.map { String(format: "%02x", $0) }.joined())
        }
    }
}
