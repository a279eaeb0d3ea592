import Domain
import Foundation
import NIOPosix

/// Bytes of unfinished tus uploads as `<root>/<id>.part` files (`DATA_DIR/uploads`). Appends are synced before
/// they are acknowledged, so an offset reported to a client survives a crash or restart.
public struct UploadStagingDiskStore: UploadStagingStore {
    public let root: String

    public init(root: String) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public func path(id: UUID) -> String { root + "/" + id.lowercasedString + ".part" }

    public func create(id: UUID) async throws {
        let (root, path) = (self.root, path(id: id))
        try await POSIXFile.offload {
            try POSIXFile.makeDirectories(root)
            let fd = try POSIXFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
            POSIXFile.close(fd)
            POSIXFile.syncDirectory(root)
        }
    }

    public func size(id: UUID) async throws -> Int64? {
        let path = path(id: id)
        return try await POSIXFile.offload { try POSIXFile.status(path)?.size }
    }

    public func append(id: UUID, at offset: Int64, body: ByteStream) async throws -> StagedAppend {
        let path = path(id: id)
        let fd = try await POSIXFile.offload { () throws -> Int32 in
            let fd = try POSIXFile.open(path, flags: O_WRONLY | O_APPEND)
            let size = try POSIXFile.size(fd, path: path)
            guard size == offset else {
                POSIXFile.close(fd)
                throw UploadError.offsetMismatch(current: size)
            }
            return fd
        }
        let interruption: (any Error)?
        do {
            interruption = try await POSIXFile.write(body, to: fd, path: path)
        } catch {
            POSIXFile.close(fd)
            throw error
        }
        // Keep what arrived, even before a failure of the body: the client resumes from here.
        let size = try await POSIXFile.offload { () throws -> Int64 in
            defer { POSIXFile.close(fd) }
            try POSIXFile.sync(fd, path: path)
            return try POSIXFile.size(fd, path: path)
        }
        return StagedAppend(size: size, interruption: interruption)
    }

    public func delete(id: UUID) async throws {
        let path = path(id: id)
        try await POSIXFile.offload { try POSIXFile.unlink(path) }
    }
}
