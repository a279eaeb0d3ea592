import CoreFoundation
import Domain
import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocking file-system calls, run on NIO's blocking-I/O thread pool so they never stall the async executors.
/// Failures become `StorageError.backend` naming the call and errno, here at the C boundary.
enum POSIXFile {
    /// Storage I/O gets its own threads: sharing NIO's singleton pool with password hashing would let a burst of
    /// logins stall uploads and readiness checks behind bcrypt.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        return pool
    }()

    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    static func failure(_ call: String, _ path: String, _ code: Int32 = errno) -> StorageError {
        .backend("\(call)(\(path)): \(String(cString: strerror(code)))")
    }

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw failure("open", path) }
        }
    }

    /// Writes every byte (retrying short writes and interrupts).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("write", path)
                }
                offset += written
            }
        }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    static func read(_ fd: Int32, count: Int, at offset: Int64, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let filled = try bytes.withUnsafeMutableBytes { try read(fd, into: $0, at: offset, path: path) }
        bytes.removeLast(count - filled)
        return bytes
    }

    /// Fills `buffer` from `offset` (retrying short reads and interrupts); returns the bytes read, fewer only at the
    /// end of the file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = pread(fd, base + filled, buffer.count - filled, off_t(offset) + off_t(filled))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("pread", path)
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Bytes gathered before each write to disk.
    static let writeBatchSize = 1 << 20

    /// Writes `body` to an open file in batches on the storage pool. A failure of the body itself (a cut
    /// connection, a size limit) ends the stream and is returned after what arrived before it is written; write
    /// failures are thrown. Does not sync.
    static func write(_ body: ByteStream, to fd: Int32, path: String) async throws -> (any Error)? {
        var batch: [UInt8] = []
        batch.reserveCapacity(writeBatchSize)
        var chunks = body.makeAsyncIterator()
        var interruption: (any Error)?
        while true {
            let chunk: [UInt8]?
            do {
                chunk = try await chunks.next()
            } catch {
                interruption = error
                break
            }
            guard let chunk else { break }
            batch += chunk
            if batch.count >= writeBatchSize {
                let full = batch
                try await offload { try writeAll(fd, full, path: path) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        let rest = batch
        try await offload { try writeAll(fd, rest, path: path) }
        return interruption
    }

    /// Writes a whole stream into a new file at `path` (replacing none: fails when it exists); removed on failure.
    static func create(_ path: String, from body: ByteStream) async throws {
        let fd = try await offload { try open(path, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC) }
        do {
            if let interruption = try await write(body, to: fd, path: path) { throw interruption }
            close(fd)
        } catch {
            close(fd)
            try? unlink(path)
            throw error
        }
    }

    static func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw failure("fsync", path) }
    }

    /// Flushes a directory entry change (a rename or a new file) to disk.
    static func syncDirectory(_ path: String) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = Glibc.close(fd)
    }

    static func size(_ fd: Int32, path: String) throws -> Int64 {
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0 else { throw failure("fstat", path) }
        return Int64(info.st_size)
    }

    /// Size and modification time in nanoseconds; nil when there is no regular file at `path`.
    static func status(_ path: String) throws -> (size: Int64, modifiedNanoseconds: Int64)? {
        var info = Glibc.stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("stat", path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// Creates a directory and its parents (existing is fine).
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw failure("mkdir", current) }
        }
    }

    static func rename(_ from: String, _ to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw failure("rename", to) }
    }

    /// Removes a file; a missing file is fine.
    static func unlink(_ path: String) throws {
        guard Glibc.unlink(path) == 0 || errno == ENOENT else { throw failure("unlink", path) }
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }
}
