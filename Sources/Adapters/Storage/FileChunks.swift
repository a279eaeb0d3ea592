import Domain
import Foundation
import NIOPosix

/// The bytes of `[first, end)` of an open file, read in chunks on the thread pool.
struct FileChunks: AsyncSequence, Sendable {
    let descriptor: Int32
    let path: String
    let first: Int64
    let end: Int64

    func makeAsyncIterator() -> Iterator {
        Iterator(file: OwnedFileDescriptor(descriptor), path: path, position: first, end: end)
    }

    struct Iterator: AsyncIteratorProtocol {
        let file: OwnedFileDescriptor
        let path: String
        var position: Int64
        let end: Int64

        mutating func next() async throws -> [UInt8]? {
            guard position < end else { return nil }
            let count = Int(Swift.min(Int64(LocalDiskObjectStorage.readChunkSize), end - position))
            let fd = file.fd
            let (path, position) = (self.path, self.position)
            let bytes = try await POSIXFile.offload { try POSIXFile.read(fd, count: count, at: position, path: path) }
            guard !bytes.isEmpty else { throw StorageError.backend("\(path) shrank while being read") }
            self.position += Int64(bytes.count)
            return bytes
        }
    }
}
