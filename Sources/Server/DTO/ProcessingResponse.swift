import Domain
import Foundation
import Hummingbird

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
