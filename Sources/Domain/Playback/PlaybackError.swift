#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a playback request was refused.
public enum PlaybackError: Error, Sendable, Equatable {
    /// The video exists and may be seen but has no published package yet.
    case videoNotReady
    /// The viewer may see the video but not watch it here and now (window, region, the profile's limit).
    case unavailable(UnavailableReason)
    /// The account already holds as many streams as its plan allows.
    case concurrentStreamLimit(limit: Int, active: [PlaybackSession])
    /// No such session for this caller.
    case sessionNotFound
    /// The session's lease ended (missed heartbeats, stopped from another device, replaced).
    case sessionExpired
    /// No such plan.
    case unknownPlan(String)
    /// No such account (an admin naming an account).
    case userNotFound
}
