import Domain
import Foundation
import Hummingbird

struct JobResponse: ResponseEncodable {
    let job: Job

    init(_ job: Job) { self.job = job }

    enum CodingKeys: String, CodingKey {
        case id, kind, payload, state, attempts, maxAttempts, runAfter, leaseOwner, leaseExpiresAt, lastError, createdAt,
            updatedAt, finishedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(job.id.lowercasedString, forKey: .id)
        try container.encode(job.kind, forKey: .kind)
        // The payload is JSON already; expose it as an object, not a string.
        let payload = try? JSONDecoder().decode(JSONValue.self, from: Data(job.payload.utf8))
        try container.encode(payload ?? .null, forKey: .payload)
        try container.encode(job.state, forKey: .state)
        try container.encode(job.attempts, forKey: .attempts)
        try container.encode(job.maxAttempts, forKey: .maxAttempts)
        try container.encode(job.runAfter, forKey: .runAfter)
        try container.encode(job.leaseOwner, forKey: .leaseOwner)
        try container.encode(job.leaseExpiresAt, forKey: .leaseExpiresAt)
        try container.encode(job.lastError, forKey: .lastError)
        try container.encode(job.createdAt, forKey: .createdAt)
        try container.encode(job.updatedAt, forKey: .updatedAt)
        try container.encode(job.finishedAt, forKey: .finishedAt)
    }
}
