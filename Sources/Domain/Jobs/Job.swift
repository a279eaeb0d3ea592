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

/// Where a job is: waiting, leased by a worker, done, waiting to retry after a failure, or given up.
public enum JobState: String, Sendable, CaseIterable, Codable {
    case queued
    case running
    case succeeded
    /// The last attempt failed; it runs again after its backoff.
    case failed
    /// Every attempt failed; only an administrator's retry revives it.
    case dead
}

/// A job to add to the queue.
public struct JobRequest: Sendable, Equatable {
    public var id: UUID
    public var kind: String
    public var payload: String
    public var maxAttempts: Int
    /// Not before this time (nil: now).
    public var runAfter: Date?

    public init(id: UUID = UUID(), kind: String, payload: String, maxAttempts: Int = 5, runAfter: Date? = nil) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
    }

    /// A request whose payload is `value` encoded as JSON.
    public init<Payload: Encodable>(kind: String, payload value: Payload, maxAttempts: Int = 5) throws {
        let data = try JSONEncoder().encode(value)
        self.init(kind: kind, payload: String(decoding: data, as: UTF8.self), maxAttempts: maxAttempts)
    }
}

/// A job a worker holds a lease on. `leaseToken` fences it: only the holder of the current lease may finish it.
public struct ClaimedJob: Sendable, Equatable {
    public var id: UUID
    public var kind: String
    public var payload: String
    /// This attempt's number, from 1.
    public var attempt: Int
    public var maxAttempts: Int
    public var leaseToken: UUID

    public init(id: UUID, kind: String, payload: String, attempt: Int, maxAttempts: Int, leaseToken: UUID) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.leaseToken = leaseToken
    }

    /// The payload decoded as JSON; a malformed payload is a permanent failure.
    public func decodePayload<Payload: Decodable>(_ type: Payload.Type) throws -> Payload {
        do {
            return try JSONDecoder().decode(type, from: Data(payload.utf8))
        } catch {
            throw JobError.permanent("payload is not a valid \(kind) payload")
        }
    }
}

/// Job queue failures and outcomes a handler can choose.
public enum JobError: Error, Sendable, Equatable {
    case notFound
    /// Only `failed` and `dead` jobs can be retried by hand.
    case notRetryable(JobState)
    /// Thrown by a handler when retrying cannot help: the job goes straight to `dead`.
    case permanent(String)
}
