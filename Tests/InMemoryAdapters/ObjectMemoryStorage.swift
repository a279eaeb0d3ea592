import Domain
import Foundation

/// In-memory `ObjectStorage`: whole objects by key. It can pretend to keep its objects on this machine (`localRoot`)
/// or to sign URLs (`presignBase`), so use-case tests can take every delivery path.
public actor ObjectMemoryStorage: ObjectStorage {
    private var objects: [String: [UInt8]] = [:]
    nonisolated let localRoot: String?
    nonisolated let presignBase: String?

    public init(localRoot: String? = nil, presignBase: String? = nil) {
        self.localRoot = localRoot
        self.presignBase = presignBase
    }

    func info(_ key: ObjectKey, _ bytes: [UInt8]) -> ObjectInfo {
        // Changes whenever the content does (a checksum of the bytes and their count).
        let sum = bytes.reduce(into: UInt64(1_469_598_103_934_665_603)) { $0 = ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return ObjectInfo(
            key: key, size: Int64(bytes.count), etag: "\"\(bytes.count)-\(sum)\"", contentType: key.contentType, lastModified: nil)
    }

    public func put(key: ObjectKey, body: ByteStream) async throws -> ObjectInfo {
        let bytes = try await body.collect()
        objects[key.value] = bytes
        return info(key, bytes)
    }

    public func putFile(key: ObjectKey, path: String) async throws -> ObjectInfo {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        objects[key.value] = bytes
        return info(key, bytes)
    }

    public func copyToFile(key: ObjectKey, path: String) async throws {
        guard let bytes = objects[key.value] else { throw StorageError.notFound(key.value) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    public func get(key: ObjectKey, range: ByteRange?) async throws -> ObjectRead {
        guard let bytes = objects[key.value] else { throw StorageError.notFound(key.value) }
        let info = info(key, bytes)
        guard let range else { return ObjectRead(info: info, range: nil, body: .chunks([bytes])) }
        guard let span = range.resolve(size: info.size) else { throw StorageError.rangeNotSatisfiable(size: info.size) }
        return ObjectRead(info: info, range: span, body: .chunks([Array(bytes[Int(span.lowerBound)...Int(span.upperBound)])]))
    }

    public func head(key: ObjectKey) async throws -> ObjectInfo? { objects[key.value].map { info(key, $0) } }

    public func delete(key: ObjectKey) async throws { objects[key.value] = nil }

    public func deletePrefix(_ prefix: ObjectKey) async throws -> Int {
        let doomed = objects.keys.filter { $0.hasPrefix(prefix.value + "/") }
        for key in doomed { objects[key] = nil }
        return doomed.count
    }

    public func list(prefix: ObjectKey) async throws -> [ObjectInfo] {
        try objects.filter { $0.key.hasPrefix(prefix.value + "/") }.sorted { $0.key < $1.key }.map { try info(ObjectKey($0.key), $0.value) }
    }

    public func presignedGetURL(key: ObjectKey, expiresIn seconds: Int) async throws -> String? {
        presignBase.map { "\($0)/\(key.value)?expires=\(seconds)" }
    }

    public nonisolated func localPath(of key: ObjectKey) -> String? { localRoot.map { "\($0)/\(key.value)" } }

    public func checkReachable() async throws {}
}
