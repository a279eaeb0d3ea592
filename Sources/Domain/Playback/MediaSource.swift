#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the bytes of a `MediaDelivery.content` come from.
public enum MediaSource: Sendable {
    /// A file on this machine, read directly by whoever sends it.
    case file(path: String)
    /// A stream opened on storage for exactly the bytes to send.
    case stream(ByteStream)
}
