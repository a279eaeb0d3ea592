import Domain
import Foundation

/// A request head read straight from a connection's bytes by `HeartbeatWireHandler`, in front of the HTTP/1 decoder.
///
/// The grammar is a strict subset of RFC 9112 on which HTTP/1.1 parsers do not disagree about where a request ends: a
/// known method, an origin-form target of URI characters, `HTTP/1.1`, CRLF line ends only, token field names, field
/// values of visible characters, spaces, tabs and obs-text, at most one `Content-Length` of digits, and no
/// `Transfer-Encoding`, `Upgrade` or `Connection` other than `keep-alive`. Inside it a request's body is exactly
/// `Content-Length` bytes (none without one). Anything outside it is `.unsupported`: the handler then hands the
/// connection's bytes to the HTTP/1 decoder for good, so the decoder stays the judge of everything unusual.
enum WireRequestHead: Equatable {
    /// No blank line yet; more bytes may complete the head.
    case incomplete
    /// A heartbeat the fast path may take (its body still to be read and checked).
    case heartbeat(WireHeartbeat)
    /// A `GET` of a `/media/` target without a body or credentials, which `MediaFastPath` may take.
    case media(WireMedia)
    /// Any other request in the grammar: its head and body lengths.
    case other(headLength: Int, bodyLength: Int)
    /// Outside the grammar.
    case unsupported

    /// The longest head read; a longer one is left to the decoder (and its limits).
    static let maxHeadLength = 16 * 1024
    /// The most header fields read.
    static let maxFields = 100

    private static let methods: [[UInt8]] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].map { Array($0.utf8) }
    private static let version = Array("HTTP/1.1".utf8)
    private static let heartbeatPrefix = Array("/api/v1/playback/".utf8)
    private static let heartbeatSuffix = Array("/heartbeat".utf8)
    private static let mediaPrefix = Array("/media/".utf8)

    /// Reads the head at the start of `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> WireRequestHead {
        var reader = LineReader(bytes: bytes)
        // Request line: method SP target SP HTTP/1.1 CRLF.
        guard let line = reader.nextLine() else { return reader.failed ? .unsupported : .incomplete }
        guard let methodEnd = bytes[line].firstIndex(of: 0x20), methods.contains(where: { $0.elementsEqual(bytes[line.lowerBound..<methodEnd]) })
        else { return .unsupported }
        let targetStart = methodEnd + 1
        guard let targetEnd = bytes[targetStart..<line.upperBound].firstIndex(of: 0x20), targetEnd > targetStart,
            bytes[targetStart] == UInt8(ascii: "/"), bytes[targetStart..<targetEnd].allSatisfy(isTargetByte),
            version.elementsEqual(bytes[(targetEnd + 1)..<line.upperBound])
        else { return .unsupported }
        let isPost = methodEnd - line.lowerBound == 4 && bytes[line.lowerBound] == UInt8(ascii: "P") && bytes[line.lowerBound + 1] == UInt8(ascii: "O")
        let isGet = methodEnd - line.lowerBound == 3 && bytes[line.lowerBound] == UInt8(ascii: "G")

        var contentLength: Int?
        var takeable = true
        var contentType: String?, authorization: String?, requestId: String?, origin: String?, range: String?, ifNoneMatch: String?
        var fields = 0
        while true {
            guard let line = reader.nextLine() else { return reader.failed ? .unsupported : .incomplete }
            if line.isEmpty { break }
            fields += 1
            guard fields <= maxFields, let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")), colon > line.lowerBound,
                bytes[line.lowerBound..<colon].allSatisfy(isTokenByte), bytes[(colon + 1)..<line.upperBound].allSatisfy(isValueByte)
            else { return .unsupported }
            let name = bytes[line.lowerBound..<colon]
            let value = bytes[(colon + 1)..<line.upperBound].trimmingOWS.indices
            /// A field the fast path reads: kept; sent twice, the router would see it joined, so it is not taken.
            func read(_ slot: inout String?) {
                takeable = takeable && slot == nil
                slot = string(bytes, value)
            }
            switch name.count {
            case 14 where name.equalsIgnoringASCIICase("content-length"):
                guard contentLength == nil, (1...15).contains(value.count), bytes[value].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
                else { return .unsupported }
                contentLength = bytes[value].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            case 17 where name.equalsIgnoringASCIICase("transfer-encoding"), 7 where name.equalsIgnoringASCIICase("upgrade"):
                return .unsupported
            case 10 where name.equalsIgnoringASCIICase("connection"):
                // Only keep-alive (`close`, `upgrade` and the rest are the decoder's).
                var start = value.lowerBound
                for index in value.lowerBound...value.upperBound where index == value.upperBound || bytes[index] == UInt8(ascii: ",") {
                    let token = bytes[start..<index].trimmingOWS
                    guard token.isEmpty || token.equalsIgnoringASCIICase("keep-alive") else { return .unsupported }
                    start = index + 1
                }
            case 6 where name.equalsIgnoringASCIICase("expect"):
                takeable = false
            case 12 where name.equalsIgnoringASCIICase("content-type"):
                read(&contentType)
            case 13 where name.equalsIgnoringASCIICase("authorization"):
                read(&authorization)
            case 12 where name.equalsIgnoringASCIICase("x-request-id"):
                read(&requestId)
            case 6 where name.equalsIgnoringASCIICase("origin"):
                read(&origin)
            case 5 where name.equalsIgnoringASCIICase("range"):
                read(&range)
            case 13 where name.equalsIgnoringASCIICase("if-none-match"):
                read(&ifNoneMatch)
            default:
                continue
            }
        }
        let headLength = reader.offset
        let bodyLength = contentLength ?? 0
        let target = bytes[targetStart..<targetEnd]
        if isGet, takeable, contentLength == nil, authorization == nil, target.starts(with: mediaPrefix) {
            return .media(
                WireMedia(
                    headLength: headLength, target: string(bytes, targetStart..<targetEnd), range: range, ifNoneMatch: ifNoneMatch,
                    requestId: requestId, origin: origin))
        }
        guard isPost, takeable, let contentLength, contentLength <= HeartbeatFastPath.bodyLimit,
            target.count == heartbeatPrefix.count + 36 + heartbeatSuffix.count, target.starts(with: heartbeatPrefix),
            target.suffix(heartbeatSuffix.count).elementsEqual(heartbeatSuffix)
        else { return .other(headLength: headLength, bodyLength: bodyLength) }
        let path = string(bytes, targetStart..<targetEnd)
        guard let sessionId = UUID(text: path.dropFirst(heartbeatPrefix.count).prefix(36)) else {
            return .other(headLength: headLength, bodyLength: bodyLength)
        }
        return .heartbeat(
            WireHeartbeat(
                headLength: headLength, bodyLength: contentLength,
                fields: .init(
                    sessionId: sessionId, path: path, contentType: contentType, authorization: authorization, requestId: requestId,
                    origin: origin)))
    }

    /// Reads CRLF-terminated lines; a bare CR or LF, or a head longer than `maxHeadLength`, fails.
    private struct LineReader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var failed = false

        /// The next line without its CRLF, or nil (incomplete, or `failed`).
        mutating func nextLine() -> Range<Int>? {
            let limit = min(bytes.count, WireRequestHead.maxHeadLength)
            var index = offset
            while index < limit {
                switch bytes[index] {
                case 0x0A:
                    failed = true
                    return nil
                case 0x0D:
                    guard index + 1 < bytes.count else { return nil }
                    guard bytes[index + 1] == 0x0A else {
                        failed = true
                        return nil
                    }
                    let line = offset..<index
                    offset = index + 2
                    return line
                default:
                    index += 1
                }
            }
            if bytes.count >= WireRequestHead.maxHeadLength { failed = true }
            return nil
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// RFC 9110 field-value bytes: visible characters, space, tab and obs-text.
    private static func isValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// RFC 3986 characters of an origin-form target (unreserved, reserved and `%`).
    private static func isTargetByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"),
            UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"),
            UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "%"):
            true
        default: false
        }
    }

    private static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

/// A heartbeat's head read from the wire.
struct WireHeartbeat: Equatable {
    var headLength: Int
    var bodyLength: Int
    var fields: HeartbeatFastPath.Fields
}

/// A media request's head read from the wire: its target (path and query, as sent) and the fields it may need.
struct WireMedia: Equatable {
    var headLength: Int
    var target: String
    var range: String?
    var ifNoneMatch: String?
    var requestId: String?
    var origin: String?
}
