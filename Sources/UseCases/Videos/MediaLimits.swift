import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Upload size and storage limits from configuration.
public struct MediaLimits: Sendable {
    /// Largest original accepted (`MAX_UPLOAD_BYTES`).
    public var maxUploadBytes: Int64
    /// Quota of accounts without their own (`DEFAULT_QUOTA_BYTES`).
    public var defaultQuotaBytes: Int64
    /// How long an idle resumable upload is kept.
    public var uploadExpiry: Duration

    public init(maxUploadBytes: Int64, defaultQuotaBytes: Int64, uploadExpiry: Duration) {
        self.maxUploadBytes = maxUploadBytes
        self.defaultQuotaBytes = defaultQuotaBytes
        self.uploadExpiry = uploadExpiry
    }

    /// A multipart body carries its file plus framing and form fields: Content-Length may exceed the file by this.
    static let multipartOverheadAllowance: Int64 = 64 << 10
}
