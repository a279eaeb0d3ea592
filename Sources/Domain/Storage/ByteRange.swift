#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A requested byte range, as HTTP's `Range: bytes=` forms.
public enum ByteRange: Sendable, Equatable {
    /// `first-last`, inclusive; `last` past the end is clipped.
    case bounded(first: Int64, last: Int64)
    /// `first-`: from an offset to the end.
    case from(Int64)
    /// `-count`: the last `count` bytes.
    case suffix(Int64)

    /// The inclusive offsets this range covers in an object of `size` bytes; nil when unsatisfiable.
    public func resolve(size: Int64) -> ClosedRange<Int64>? {
        switch self {
        case .bounded(let first, let last):
            guard first >= 0, last >= first, first < size else { return nil }
            return first...min(last, size - 1)
        case .from(let first):
            guard first >= 0, first < size else { return nil }
            return first...(size - 1)
        case .suffix(let count):
            guard count > 0, size > 0 else { return nil }
            return max(0, size - count)...(size - 1)
        }
    }
}
