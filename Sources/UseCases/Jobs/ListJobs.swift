import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Admin view of the job queue, newest first, filtered by state and kind.
public struct ListJobs: Sendable {
    public struct Input: Sendable {
        public var principal: Principal
        public var state: String?
        public var kind: String?
        public var limit: Int?
        public var cursor: String?

        public init(principal: Principal, state: String?, kind: String?, limit: Int?, cursor: String?) {
            self.principal = principal
            self.state = state
            self.kind = kind
            self.limit = limit
            self.cursor = cursor
        }
    }

    let users: any UserRepository
    let jobs: any JobQueue

    public init(users: any UserRepository, jobs: any JobQueue) {
        self.users = users
        self.jobs = jobs
    }

    public func execute(_ input: Input) async throws -> Page<Job> {
        let actor = try await users.activeUser(input.principal)
        guard actor.role == .admin else { throw AuthError.forbidden }
        let state = try input.state.map { raw throws(ValidationError) in
            guard let state = JobState(rawValue: raw) else {
                throw ValidationError(
                    field: "state", code: "invalid_state",
                    message: "state must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return state
        }
        return try await KeysetCursor.page(
            limit: input.limit, cursor: input.cursor, position: { KeysetPosition(createdAt: $0.createdAt, id: $0.id) },
            fetch: { after, limit in try await jobs.list(state: state, kind: input.kind, after: after, limit: limit) })
    }
}
