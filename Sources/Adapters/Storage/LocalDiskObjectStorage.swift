import Domain
import Foundation
import NIOPosix

/// Objects as files under a root folder (`DATA_DIR/objects`). A put writes `.tmp/<uuid>` first, syncs it and
/// renames it into place, so a crash never leaves a partial object under its real key. `ObjectKey` rules make every
/// key a safe relative path, and nothing under the root starts with a dot except the temporary folder.
public struct LocalDiskObjectStorage: ObjectStorage {
    public let root: String
    /// Bytes per chunk when reading.
    static let readChunkSize = 256 << 10

    public init(root: String) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    var temporaryDirectory: String { root + "/.tmp" }

    func path(_ key: ObjectKey) -> String { root + "/" + key.value }

    public func put(key: ObjectKey, body: ByteStream) async throws -> ObjectInfo {
        let temporaryDirectory = self.temporaryDirectory
        let temporary = temporaryDirectory + "/" + UUID().uuidString
        let fd = try await POSIXFile.offload {
            try POSIXFile.makeDirectories(temporaryDirectory)
            return try POSIXFile.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL)
        }
        do {
            defer { POSIXFile.close(fd) }
            if let interruption = try await POSIXFile.write(body, to: fd, path: temporary) { throw interruption }
            try await POSIXFile.offload { try POSIXFile.sync(fd, path: temporary) }
        } catch {
            try? await POSIXFile.offload { try POSIXFile.unlink(temporary) }
            throw error
        }
        let destination = path(key)
        do {
            try await POSIXFile.offload {
                let folder = String(destination[..<destination.lastIndex(of: "/")!])
                try POSIXFile.makeDirectories(folder)
                try POSIXFile.rename(temporary, destination)
                POSIXFile.syncDirectory(folder)
            }
        } catch {
            try? await POSIXFile.offload { try POSIXFile.unlink(temporary) }
            throw error
        }
        guard let info = try await head(key: key) else { throw StorageError.backend("object vanished after put: \(key)") }
        return info
    }

    public func putFile(key: ObjectKey, path source: String) async throws -> ObjectInfo {
        let destination = path(key)
        let moved: Bool = try await POSIXFile.offload {
            let folder = String(destination[..<destination.lastIndex(of: "/")!])
            try POSIXFile.makeDirectories(folder)
            // Same file system: a rename is atomic and free. Another one (EXDEV): copy through put.
            if rename(source, destination) == 0 {
                POSIXFile.syncDirectory(folder)
                return true
            }
            if errno == EXDEV { return false }
            throw POSIXFile.failure("rename", destination)
        }
        if !moved {
            let read = try await Self.readFile(at: source, range: nil, key: key)
            _ = try await put(key: key, body: read.body)
            try await POSIXFile.offload { try POSIXFile.unlink(source) }
        }
        guard let info = try await head(key: key) else { throw StorageError.backend("object vanished after put: \(key)") }
        return info
    }

    public func copyToFile(key: ObjectKey, path destination: String) async throws {
        let source = path(key)
        // Objects are never modified in place (a put renames a new file over the key), so a hard link is a
        // snapshot; another file system (EXDEV) gets a copy.
        let linked: Bool = try await POSIXFile.offload {
            if link(source, destination) == 0 { return true }
            if errno == ENOENT { throw StorageError.notFound(key.value) }
            if errno == EXDEV || errno == EPERM { return false }
            throw POSIXFile.failure("link", destination)
        }
        if !linked { try await POSIXFile.create(destination, from: try await get(key: key, range: nil).body) }
    }

    public func get(key: ObjectKey, range: ByteRange?) async throws -> ObjectRead {
        try await Self.readFile(at: path(key), range: range, key: key)
    }

    /// Streams any local file (also used for staged uploads on their way to S3).
    static func readFile(at path: String, range: ByteRange?, key: ObjectKey) async throws -> ObjectRead {
        guard let info = try await info(path: path, key: key) else { throw StorageError.notFound(key.value) }
        var offsets: ClosedRange<Int64>?
        if let range {
            guard let resolved = range.resolve(size: info.size) else { throw StorageError.rangeNotSatisfiable(size: info.size) }
            offsets = resolved
        }
        let fd = try await POSIXFile.offload { try POSIXFile.open(path, flags: O_RDONLY) }
        let first = offsets?.lowerBound ?? 0
        let end = (offsets?.upperBound ?? (info.size - 1)) + 1
        return ObjectRead(info: info, range: offsets, body: ByteStream(FileChunks(descriptor: fd, path: path, first: first, end: end)))
    }

    public func head(key: ObjectKey) async throws -> ObjectInfo? {
        try await Self.info(path: path(key), key: key)
    }

    static func info(path: String, key: ObjectKey) async throws -> ObjectInfo? {
        guard let stat = try await POSIXFile.offload({ try POSIXFile.status(path) }) else { return nil }
        return info(key: key, size: stat.size, modifiedNanoseconds: stat.modifiedNanoseconds)
    }

    /// A file's info; the ETag is its size and modification time.
    static func info(key: ObjectKey, size: Int64, modifiedNanoseconds: Int64) -> ObjectInfo {
        ObjectInfo(
            key: key, size: size,
            etag: etag(size: size, modifiedNanoseconds: modifiedNanoseconds),
            contentType: key.contentType,
            lastModified: Date(timeIntervalSince1970: Double(modifiedNanoseconds) / 1_000_000_000))
    }

    /// `"<size>-<modification time in ns>"` in lower-case hex, written directly (`String(_:radix:)` showed up in the
    /// media path's profile); negative values, which a file system should not give, take the general formatting.
    static func etag(size: Int64, modifiedNanoseconds: Int64) -> String {
        guard size >= 0, modifiedNanoseconds >= 0 else { return "\"\(String(size, radix: 16))-\(String(modifiedNanoseconds, radix: 16))\"" }
        return String(unsafeUninitializedCapacity: 40) { out in
            var index = 0
            func hex(_ value: Int64) {
                var shift = max(0, (Int64.bitWidth - value.leadingZeroBitCount - 1) / 4 * 4)
                while shift >= 0 {
                    let digit = UInt8((value >> shift) & 0xF)
                    out[index] = digit < 10 ? 0x30 + digit : 0x57 + digit
                    index += 1
                    shift -= 4
                }
            }
            out[index] = UInt8(ascii: "\"")
            index += 1
            hex(size)
            out[index] = UInt8(ascii: "-")
            index += 1
            hex(modifiedNanoseconds)
            out[index] = UInt8(ascii: "\"")
            return index + 1
        }
    }

    public func delete(key: ObjectKey) async throws {
        let path = path(key)
        try await POSIXFile.offload { try POSIXFile.unlink(path) }
    }

    public func deletePrefix(_ prefix: ObjectKey) async throws -> Int {
        let objects = try await list(prefix: prefix)
        let folder = path(prefix)
        try await POSIXFile.offload {
            for object in objects { try POSIXFile.unlink(folder + "/" + object.key.value.dropFirst(prefix.value.count + 1)) }
            try? FileManager.default.removeItem(atPath: folder)
        }
        return objects.count
    }

    public func list(prefix: ObjectKey) async throws -> [ObjectInfo] {
        let folder = path(prefix)
        let relativePaths: [String] = try await POSIXFile.offload {
            guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
            var files: [String] = []
            while let next = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(next)
                }
            }
            return files
        }
        var objects: [ObjectInfo] = []
        for relative in relativePaths {
            // Anything that is not a valid key was not written through this adapter: leave it out.
            guard let key = try? ObjectKey(prefix.value + "/" + relative), let info = try await head(key: key) else { continue }
            objects.append(info)
        }
        return objects.sorted { $0.key.value < $1.key.value }
    }

    public func presignedGetURL(key: ObjectKey, expiresIn seconds: Int) async throws -> String? { nil }

    public func localPath(of key: ObjectKey) -> String? { path(key) }

    public func checkReachable() async throws {
        let root = self.root
        try await POSIXFile.offload {
            try POSIXFile.makeDirectories(root)
            guard access(root, W_OK) == 0 else { throw POSIXFile.failure("access", root) }
        }
    }
}
