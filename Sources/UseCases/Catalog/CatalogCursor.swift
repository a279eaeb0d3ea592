import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Opaque catalog cursors: base64url of "<sort>:<key kind><key>:<uuid>"; a cursor is only good for the order it
/// was made in.
enum CatalogCursor {
    static func encode(_ position: CatalogPosition, sort: CatalogSort) -> String {
        let key: String
        switch position.key {
        case .time(let date): key = "t" + String(Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
        case .text(let text): key = "s" + Base64URL.encode(Data(text.utf8))
        case .count(let count): key = "n" + String(count)
        }
        return Base64URL.encode(Data("\(sort.rawValue):\(key):\(position.id.lowercasedString)".utf8))
    }

    static func decode(_ cursor: String, sort: CatalogSort) throws(PaginationError) -> CatalogPosition {
        guard cursor.utf8.count <= 1024, let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8)
        else { throw .invalidCursor }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == sort.rawValue, let tag = parts[1].first, let id = UUID(uuidString: String(parts[2]))
        else { throw .invalidCursor }
        let value = String(parts[1].dropFirst())
        switch (tag, sort) {
        case ("t", .newest):
            guard let micros = Int64(value) else { throw .invalidCursor }
            return CatalogPosition(key: .time(Date(timeIntervalSince1970: Double(micros) / 1_000_000)), id: id)
        case ("s", .title):
            guard let bytes = Base64URL.decode(value), let title = String(data: bytes, encoding: .utf8) else { throw .invalidCursor }
            return CatalogPosition(key: .text(title), id: id)
        case ("n", .popular):
            guard let count = Int64(value), count >= 0 else { throw .invalidCursor }
            return CatalogPosition(key: .count(count), id: id)
        default:
            throw .invalidCursor
        }
    }
}
