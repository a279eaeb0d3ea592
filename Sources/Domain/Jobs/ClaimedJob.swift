#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
