#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a video request was refused.
public enum VideoError: Error, Sendable, Equatable {
    /// No such video, or the caller may not see it.
    case notFound
    /// The caller may see the video but not change it.
    case notOwner
    /// The multipart body has no `file` part.
    case missingFile
    /// Form fields must come before the `file` part (so they are checked before bytes are stored).
    case fieldAfterFile(String)
}
