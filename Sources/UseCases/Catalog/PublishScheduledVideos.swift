import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The scheduled job that publishes videos: every public, ready video whose `publishAt` has come (or that has
/// none) is marked published once. The one moment later features hang "new video" events on.
public struct PublishScheduledVideos: JobHandler {
    public static let jobKind = "publish-scheduled-videos"
    public var kind: String { Self.jobKind }

    let catalog: any CatalogRepository
    let clock: any DateProvider
    let batch: Int

    public init(catalog: any CatalogRepository, clock: any DateProvider, batch: Int = 500) {
        self.catalog = catalog
        self.clock = clock
        self.batch = batch
    }

    public func run(_ job: ClaimedJob) async throws {
        while try await execute().count == batch {}
    }

    /// Publishes one batch and returns what went out.
    @discardableResult
    public func execute() async throws -> [Video] {
        try await catalog.publishDue(now: clock.now(), limit: batch)
    }
}
