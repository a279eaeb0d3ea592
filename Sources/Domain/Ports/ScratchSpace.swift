#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Local working directories for jobs that need files (the transcoder reads and writes local files).
public protocol ScratchSpace: Sendable {
    /// An empty directory named `name` (anything left there by an earlier attempt is removed first).
    func makeDirectory(_ name: String) async throws -> String
    /// Removes a directory made here and everything in it.
    func remove(_ path: String) async throws
}
