#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
