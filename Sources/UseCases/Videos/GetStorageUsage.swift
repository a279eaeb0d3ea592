import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How much of the caller's storage quota is used.
public struct GetStorageUsage: Sendable {
    let users: any UserRepository
    let videos: any VideoRepository
    let limits: MediaLimits

    public init(users: any UserRepository, videos: any VideoRepository, limits: MediaLimits) {
        self.users = users
        self.videos = videos
        self.limits = limits
    }

    public func execute(principal: Principal) async throws -> StorageUsage {
        let user = try await users.activeUser(principal)
        return try await videos.usage(ownerId: user.id, defaultQuotaBytes: limits.defaultQuotaBytes)
    }
}
