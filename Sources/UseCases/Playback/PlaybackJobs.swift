import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum PlaybackJobs {
    /// End sessions whose lease ran out (periodic).
    public static let expireSessions = "playback.expire"
}
