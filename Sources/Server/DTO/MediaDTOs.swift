import Domain
import Foundation
import Hummingbird

struct VideoResponse: ResponseEncodable {
    let video: Video

    init(_ video: Video) { self.video = video }

    enum CodingKeys: String, CodingKey {
        case id, ownerId, title, description, tags, visibility, status, failureReason, originalFilename, sizeBytes,
            outputBytes, createdAt, updatedAt, durationSeconds, renditions, viewCount
    }

    struct RenditionSummary: Encodable {
        var name: String
        var width: Int
        var height: Int
        var bitrate: Int
        var codecs: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(video.id.lowercasedString, forKey: .id)
        try container.encode(video.ownerId.lowercasedString, forKey: .ownerId)
        try container.encode(video.title, forKey: .title)
        try container.encode(video.description, forKey: .description)
        try container.encode(video.tags, forKey: .tags)
        try container.encode(video.visibility, forKey: .visibility)
        try container.encode(video.status, forKey: .status)
        try container.encode(video.failureReason, forKey: .failureReason)
        try container.encode(video.originalFilename, forKey: .originalFilename)
        try container.encode(video.sizeBytes, forKey: .sizeBytes)
        try container.encode(video.outputBytes, forKey: .outputBytes)
        try container.encode(video.createdAt, forKey: .createdAt)
        try container.encode(video.updatedAt, forKey: .updatedAt)
        try container.encode(video.media?.durationSeconds, forKey: .durationSeconds)
        let renditions = video.media?.renditions.map {
            RenditionSummary(name: $0.name, width: $0.width, height: $0.height, bitrate: $0.averageBitRate, codecs: $0.codecs)
        }
        try container.encode(renditions ?? [], forKey: .renditions)
        try container.encode(video.viewCount, forKey: .viewCount)
    }
}

/// `GET /api/v1/videos/{id}/processing`.
struct ProcessingResponse: ResponseEncodable {
    var videoId: String
    var status: VideoStatus
    var step: String
    var percent: Double
    var etaSeconds: Double?
    var failureReason: String?
    var startedAt: Date?
    var updatedAt: Date

    init(_ state: ProcessingState) {
        videoId = state.videoId.lowercasedString
        status = state.status
        step = state.step.rawValue
        percent = state.percent
        etaSeconds = state.etaSeconds
        failureReason = state.failureReason
        startedAt = state.startedAt
        updatedAt = state.updatedAt
    }

    enum CodingKeys: String, CodingKey { case videoId, status, step, percent, etaSeconds, failureReason, startedAt, updatedAt }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(videoId, forKey: .videoId)
        try container.encode(status, forKey: .status)
        try container.encode(step, forKey: .step)
        try container.encode(percent, forKey: .percent)
        try container.encode(etaSeconds, forKey: .etaSeconds)
        try container.encode(failureReason, forKey: .failureReason)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

struct UpdateVideoRequest: Decodable {
    var title: String?
    var description: String?
    var tags: [String]?
    var visibility: String?
}

struct UsageResponse: ResponseEncodable {
    var usedBytes: Int64
    var quotaBytes: Int64
    var remainingBytes: Int64

    init(_ usage: StorageUsage) {
        usedBytes = usage.usedBytes
        quotaBytes = usage.quotaBytes
        remainingBytes = usage.remainingBytes
    }
}

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

/// Any JSON value (job payloads shown to admins).
enum JSONValue: Codable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
