import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs one operation at a time; callers arriving meanwhile wait for it and share its result.
actor SingleFlight {
    private var running: Task<Int, any Error>?

    func run(_ operation: @escaping @Sendable () async throws -> Int) async throws -> Int {
        if let running { return try await running.value }
        let task = Task { try await operation() }
        running = task
        defer { running = nil }
        return try await task.value
    }
}
