#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CoreFoundation
import Domain
import Foundation
import NIOCore
import Synchronization

/// A read of one stored file for serving it: opening, `fstat` and the first chunk happen in one job on the storage
/// thread pool (one hop instead of a stat, an open and a read each of their own), the rest in chunks on demand.
public final class LocalObjectRead: Sendable {
    public let info: ObjectInfo
    /// The bytes to send, from `span`'s start; nil when the plan asked for none.
    public let span: ClosedRange<Int64>?
    public let first: ByteBuffer
    private let path: String
    private let descriptor: Mutex<Int32?>

    init(info: ObjectInfo, span: ClosedRange<Int64>?, first: ByteBuffer, path: String, descriptor: Int32?) {
        self.info = info
        self.span = span
        self.first = first
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        if let fd = descriptor.withLock({ $0 }) { POSIXFile.close(fd) }
    }

    /// Whether bytes after `first` remain to be read.
    public var hasMore: Bool { descriptor.withLock { $0 != nil } }

    /// Up to `count` bytes at `offset` (fewer only at the end of the file).
    public func read(at offset: Int64, count: Int) async throws -> ByteBuffer {
        guard let fd = descriptor.withLock({ $0 }) else { throw StorageError.backend("read after close: \(path)") }
        let path = self.path
        return try await POSIXFile.offload { try Self.pread(fd, count: count, at: offset, path: path) }
    }

    /// Closes the file (also done when the read is released).
    public func close() {
        if let fd = descriptor.withLock({ fd in defer { fd = nil }; return fd }) { POSIXFile.close(fd) }
    }

    static func pread(_ fd: Int32, count: Int, at offset: Int64, path: String) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            try POSIXFile.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw.prefix(count)), at: offset, path: path)
        }
        return buffer
    }
}

extension LocalDiskObjectStorage {
    /// Opens `key` for serving: `plan` picks the byte span to send from the file's info (nil: none, e.g. a 304 or a
    /// 416); up to `firstChunk` bytes of it are read in the same job. Nil when there is no such file.
    public func openRead(
        key: ObjectKey, firstChunk: Int, plan: @escaping @Sendable (ObjectInfo) -> ClosedRange<Int64>?
    ) async throws -> LocalObjectRead? {
        let path = path(key)
        return try await POSIXFile.offload { () throws -> LocalObjectRead? in
            guard let (fd, info) = try Self.openRegular(path: path, key: key) else { return nil }
            guard let span = plan(info), span.lowerBound >= 0, span.upperBound < info.size else {
                POSIXFile.close(fd)
                return LocalObjectRead(info: info, span: nil, first: ByteBuffer(), path: path, descriptor: nil)
            }
            let length = span.upperBound - span.lowerBound + 1
            let first: ByteBuffer
            do {
                first = try LocalObjectRead.pread(fd, count: Int(min(Int64(firstChunk), length)), at: span.lowerBound, path: path)
            } catch {
                POSIXFile.close(fd)
                throw error
            }
            let done = Int64(first.readableBytes) >= length
            if done { POSIXFile.close(fd) }
            return LocalObjectRead(info: info, span: span, first: first, path: path, descriptor: done ? nil : fd)
        }
    }

    /// Opens `key` on the calling thread (`open` and `fstat`, nothing read): the descriptor, which the caller closes,
    /// and the file's info; nil when there is no such regular file. For the media fast path, which sends files with
    /// `sendfile` from the connection's event loop, as nginx's workers open files on theirs (a local disk, files in
    /// the page cache); everything else opens files on the storage threads.
    public func openForSending(key: ObjectKey) throws -> (descriptor: Int32, info: ObjectInfo)? {
        try Self.openRegular(path: path(key), key: key)
    }

    static func openRegular(path: String, key: ObjectKey) throws -> (descriptor: Int32, info: ObjectInfo)? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw POSIXFile.failure("open", path)
        }
        var stat = Glibc.stat()
        guard fstat(fd, &stat) == 0, (stat.st_mode & S_IFMT) == S_IFREG else {
            POSIXFile.close(fd)
            return nil
        }
        let info = Self.info(
            key: key, size: Int64(stat.st_size),
            modifiedNanoseconds: Int64(stat.st_mtim.tv_sec) * 1_000_000_000 + Int64(stat.st_mtim.tv_nsec))
        return (fd, info)
    }
}
