#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
