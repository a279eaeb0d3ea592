import Domain
import Foundation

/// Working directories under `DATA_DIR/work` (same file system as local object storage, so publishing a
/// transcoded file there is a rename).
public struct LocalScratchSpace: ScratchSpace {
    let root: String

    public init(root: String) { self.root = root }

    public func makeDirectory(_ name: String) async throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw StorageError.invalidKey(name)
        }
        let path = root + "/" + name
        return try await POSIXFile.offload {
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }
    }

    public func remove(_ path: String) async throws {
        guard path.hasPrefix(root + "/") else { return }
        try await POSIXFile.offload { try? FileManager.default.removeItem(atPath: path) }
    }
}
