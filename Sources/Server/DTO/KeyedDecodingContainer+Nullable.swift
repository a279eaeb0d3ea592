import Foundation

extension KeyedDecodingContainer {
    /// A field that may be absent (nil), `null` (`.some(nil)`) or a value.
    func nullable<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        guard contains(key) else { return nil }
        return .some(try decodeNil(forKey: key) ? nil : try decode(T.self, forKey: key))
    }
}
