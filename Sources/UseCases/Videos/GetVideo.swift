import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One video, as far as the caller may see it: others see only ready public or unlisted videos.
public struct GetVideo: Sendable {
    public struct Input: Sendable {
        public var principal: Principal?
        public var videoId: UUID

        public init(principal: Principal?, videoId: UUID) {
            self.principal = principal
            self.videoId = videoId
        }
    }

    let users: any UserRepository
    let videos: any VideoRepository

    public init(users: any UserRepository, videos: any VideoRepository) {
        self.users = users
        self.videos = videos
    }

    public func execute(_ input: Input) async throws -> Video {
        guard let video = try await videos.find(id: input.videoId) else { throw VideoError.notFound }
        let viewer = try await input.principal.asyncMap { try await users.activeUser($0) }
        guard video.isVisible(to: viewer) else { throw VideoError.notFound }
        return video
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
