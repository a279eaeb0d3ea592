#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How much storage an account uses, and its limit.
public struct StorageUsage: Sendable, Equatable {
    /// Originals plus transcoded output of the account's videos (including uploads in progress, at their declared size).
    public var usedBytes: Int64
    public var quotaBytes: Int64
    public var remainingBytes: Int64 { max(0, quotaBytes - usedBytes) }

    public init(usedBytes: Int64, quotaBytes: Int64) {
        self.usedBytes = usedBytes
        self.quotaBytes = quotaBytes
    }
}
