import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Job kinds of the media pipeline and their payloads.
public enum MediaJobs {
    /// Probe and transcode an uploaded original (run by the transcoding pipeline).
    public static let transcode = "video.transcode"
    /// Remove a deleted video's objects, then its row.
    public static let purge = "video.purge"
    /// Remove resumable uploads nobody finished in time (periodic).
    public static let expireUploads = "uploads.expire"

    public struct VideoPayload: Codable, Sendable {
        public var videoId: UUID
        public init(videoId: UUID) { self.videoId = videoId }

        enum CodingKeys: String, CodingKey { case videoId }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            videoId = try container.decode(UUID.self, forKey: .videoId)
        }

        /// Lower-case, like every id the API shows.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(videoId.lowercasedString, forKey: .videoId)
        }
    }

    static func transcodeJob(_ videoId: UUID) throws -> JobRequest {
        try JobRequest(kind: transcode, payload: VideoPayload(videoId: videoId), maxAttempts: 3)
    }
}
