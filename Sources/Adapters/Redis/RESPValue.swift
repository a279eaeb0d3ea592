/// A Redis reply (RESP2).
public enum RESPValue: Sendable, Equatable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    case bulkString([UInt8]?)
    case array([RESPValue]?)

    /// The reply as text, for string-like replies.
    public var string: String? {
        switch self {
        case .simpleString(let value): value
        case .bulkString(let bytes?): String(decoding: bytes, as: UTF8.self)
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// The reply as an integer, when it is one (or a numeric string).
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .simpleString, .bulkString: string.flatMap { Int64($0) }
        default: nil
        }
    }

    public var isNull: Bool {
        switch self {
        case .bulkString(nil), .array(nil): true
        default: false
        }
    }
}
