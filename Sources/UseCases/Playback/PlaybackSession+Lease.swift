import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PlaybackSession {
    /// The lease this session holds (as the session record last heard of it).
    var lease: StreamLease {
        StreamLease(
            sessionId: id, userId: userId, videoId: videoId, deviceId: deviceId, expiresAt: leaseExpiresAt,
            positionSeconds: positionSeconds, watchedSeconds: watchedSeconds)
    }
}
