#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs jobs of one kind. Handlers must be idempotent: after a lost lease a job can run twice, and the second
/// run must not produce a second result.
public protocol JobHandler: Sendable {
    /// The job kind this handler runs.
    var kind: String { get }
    /// Does the work; throwing fails the attempt (`JobError.permanent` makes it dead at once).
    func run(_ job: ClaimedJob) async throws
}
