#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Plans and the plan each account is on.
public protocol PlanRepository: Sendable {
    /// Every plan, cheapest first.
    func all() async throws -> [Plan]
    /// The account's current plan; nil when there is no such account.
    func plan(ofUser userId: UUID) async throws -> Plan?
    /// Puts the account on a plan; throws `PlaybackError.unknownPlan` / `.userNotFound`.
    func setPlan(userId: UUID, planId: String) async throws -> Plan
}
