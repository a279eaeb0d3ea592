#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Job queue failures and outcomes a handler can choose.
public enum JobError: Error, Sendable, Equatable {
    case notFound
    /// Only `failed` and `dead` jobs can be retried by hand.
    case notRetryable(JobState)
    /// Thrown by a handler when retrying cannot help: the job goes straight to `dead`.
    case permanent(String)
}
