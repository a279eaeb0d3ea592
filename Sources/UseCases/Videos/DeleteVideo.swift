import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Deletes a video (owner or admin): gone for everyone at once; a job purges its stored objects.
public struct DeleteVideo: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var videoId: UUID

        public init(principal: Principal, videoId: UUID) {
            self.principal = principal
            self.videoId = videoId
        }
    }

    let users: any UserRepository
    let videos: any VideoRepository
    let clock: any DateProvider

    public init(users: any UserRepository, videos: any VideoRepository, clock: any DateProvider) {
        self.users = users
        self.videos = videos
        self.clock = clock
    }

    public func execute(_ input: Input) async throws {
        let user = try await users.activeUser(input.principal)
        guard let video = try await videos.find(id: input.videoId) else { throw VideoError.notFound }
        guard video.ownerId == user.id || user.role == .admin else {
            throw Audience(user, now: clock.now()).access(to: video) == .hidden ? VideoError.notFound : VideoError.notOwner
        }
        let job = try JobRequest(kind: MediaJobs.purge, payload: MediaJobs.VideoPayload(videoId: video.id), maxAttempts: 10)
        guard try await videos.markDeleted(id: video.id, at: clock.now(), purgeJob: job) else { throw VideoError.notFound }
    }
}
