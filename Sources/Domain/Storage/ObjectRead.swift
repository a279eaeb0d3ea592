#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An object being read: its metadata, the byte offsets being sent (nil for all of it) and the bytes.
public struct ObjectRead: Sendable {
    public var info: ObjectInfo
    public var range: ClosedRange<Int64>?
    public var body: ByteStream

    public init(info: ObjectInfo, range: ClosedRange<Int64>?, body: ByteStream) {
        self.info = info
        self.range = range
        self.body = body
    }
}
