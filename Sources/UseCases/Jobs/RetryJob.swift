import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Admin: puts a failed or dead job back in the queue with fresh attempts.
public struct RetryJob: Sendable {
    let users: any UserRepository
    let jobs: any JobQueue

    public init(users: any UserRepository, jobs: any JobQueue) {
        self.users = users
        self.jobs = jobs
    }

    public func execute(principal: Principal, jobId: UUID) async throws -> Job {
        let actor = try await users.activeUser(principal)
        guard actor.role == .admin else { throw AuthError.forbidden }
        return try await jobs.retry(id: jobId)
    }
}
