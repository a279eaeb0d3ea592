#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A unit of background work in the durable queue.
public struct Job: Sendable, Equatable {
    public var id: UUID
    public var kind: String
    /// JSON text the kind's handler understands.
    public var payload: String
    public var state: JobState
    public var attempts: Int
    public var maxAttempts: Int
    public var runAfter: Date
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    public init(
        id: UUID, kind: String, payload: String, state: JobState, attempts: Int, maxAttempts: Int, runAfter: Date,
        leaseOwner: String?, leaseExpiresAt: Date?, lastError: String?, createdAt: Date, updatedAt: Date,
        finishedAt: Date?
    ) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}
