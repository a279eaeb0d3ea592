#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Domain

/// Opaque keyset cursors: base64url of "<unix microseconds>:<uuid>".
public enum KeysetCursor {
    public static func encode(_ position: KeysetPosition) -> String {
        let micros = Int64((position.createdAt.timeIntervalSince1970 * 1_000_000).rounded())
        return Base64URL.encode(Data("\(micros):\(position.id.uuidString.lowercased())".utf8))
    }

    public static func decode(_ cursor: String) throws(PaginationError) -> KeysetPosition {
        guard cursor.utf8.count <= 128 else { throw .invalidCursor }
        guard let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8) else {
            throw .invalidCursor
        }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            throw .invalidCursor
        }
        return KeysetPosition(createdAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }

    /// Checks a requested page size (default when nil).
    public static func limit(_ requested: Int?, default defaultLimit: Int = 20, maximum: Int = 100) throws(PaginationError) -> Int {
        guard let requested else { return defaultLimit }
        guard (1...maximum).contains(requested) else { throw .invalidLimit(maximum: maximum) }
        return requested
    }
}
