#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The outcome of an append: the size now held, and the error that cut the body short, if any.
public struct StagedAppend: Sendable {
    public var size: Int64
    public var interruption: (any Error)?

    public init(size: Int64, interruption: (any Error)?) {
        self.size = size
        self.interruption = interruption
    }
}
