import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every plan and its limits.
public struct ListPlans: Sendable {
    let plans: any PlanRepository

    public init(plans: any PlanRepository) { self.plans = plans }

    public func execute() async throws -> [Plan] { try await plans.all() }
}
