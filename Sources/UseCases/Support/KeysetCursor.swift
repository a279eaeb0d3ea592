import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Opaque keyset cursors: base64url of "<unix microseconds>:<uuid>".
public enum KeysetCursor {
    public static func encode(_ position: KeysetPosition) -> String {
        let micros = Int64((position.createdAt.timeIntervalSince1970 * 1_000_000).rounded())
        return Base64URL.encode(Data("\(micros):\(position.id.lowercasedString)".utf8))
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

    /// One page of a list ordered by (createdAt, id): checks `limit` and `cursor`, fetches one row more than the
    /// page to learn whether another page follows, and encodes the next cursor from the page's last item.
    public static func page<Item: Sendable>(
        limit requested: Int?, cursor: String?, position: (Item) -> KeysetPosition,
        fetch: (_ after: KeysetPosition?, _ limit: Int) async throws -> [Item]
    ) async throws -> Page<Item> {
        let limit = try limit(requested)
        let after = try cursor.map { cursor throws(PaginationError) in try decode(cursor) }
        let rows = try await fetch(after, limit + 1)
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { encode(position($0)) } : nil
        return Page(items: items, nextCursor: next)
    }
}
