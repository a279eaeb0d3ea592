#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct PackagedFile: Sendable, Equatable, Codable {
    /// Relative path inside the package, e.g. `v0/seg-00001.m4s`.
    public var path: String
    public var bytes: Int64

    public init(path: String, bytes: Int64) {
        self.path = path
        self.bytes = bytes
    }
}
