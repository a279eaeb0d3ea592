import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a video's processing is, for its owner (and administrators); others get `VideoError.notFound`.
public struct GetProcessingStatus: Sendable {
    let users: any UserRepository
    let processing: any VideoProcessingRepository

    public init(users: any UserRepository, processing: any VideoProcessingRepository) {
        self.users = users
        self.processing = processing
    }

    public func execute(principal: Principal, videoId: UUID) async throws -> ProcessingState {
        let user = try await users.activeUser(principal)
        guard let state = try await processing.processingState(videoId: videoId), state.ownerId == user.id || user.role == .admin
        else { throw VideoError.notFound }
        return state
    }
}
