/// A fast path for the small, flat JSON objects hot endpoints receive (a heartbeat every interval from every player).
/// It reads only the simple, well-formed case — one object of unique keys whose values are numbers, plain strings
/// (no escapes), booleans or null — and gives up (nil) on anything else, which then goes through `JSONDecoder` with
/// its full grammar and its field-naming error messages. So it can only ever accept what `JSONDecoder` accepts.
struct FlatJSONObject {
    enum Value: Equatable {
        case number(Double, integer: Int64?)
        case string(String)
        case bool(Bool)
        case null
    }

    private(set) var fields: [(key: String, value: Value)] = []

    subscript(key: String) -> Value? { fields.first { $0.key == key }?.value }

    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count <= 4096 else { return nil }
        var parser = Parser(bytes: Array(bytes))
        guard let fields = parser.object() else { return nil }
        self.fields = fields
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func object() -> [(key: String, value: Value)]? {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var fields: [(key: String, value: Value)] = []
            if expect(UInt8(ascii: "}")) { return end() ? fields : nil }
            while true {
                guard let key = string(), expect(UInt8(ascii: ":")), let value = value() else { return nil }
                guard !fields.contains(where: { $0.key == key }) else { return nil }
                fields.append((key, value))
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                return end() ? fields : nil
            }
        }

        mutating func end() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        /// A string without escapes or control characters, valid UTF-8.
        mutating func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                guard bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(validating: bytes[start..<index], as: UTF8.self)
        }

        mutating func value() -> Value? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = word.withUTF8Buffer { Array($0) == Array(bytes[index..<index + count]) }
            if matches { index += count }
            return matches
        }

        /// RFC 8259 number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        mutating func number() -> Value? {
            let start = index
            func digits(_ parser: inout Parser) -> Int {
                let from = parser.index
                while parser.index < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.index]) { parser.index += 1 }
                return parser.index - from
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let integerStart = index
            let integerDigits = digits(&self)
            guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
            var isInteger = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                isInteger = false
                guard digits(&self) > 0 else { return nil }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                isInteger = false
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits(&self) > 0 else { return nil }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let double = Double(text), double.isFinite else { return nil }
            return .number(double, integer: isInteger ? Int64(text) : nil)
        }
    }
}

/// A request body type with a fast path over `FlatJSONObject`; nil means "let JSONDecoder decide" (including every
/// error), never "invalid".
protocol FlatJSONDecodable: Decodable {
    init?(flat: FlatJSONObject)
}
