import Domain
import Foundation

/// In-memory `PlanRepository` with the seeded plans; accounts start on `free`.
public actor PlanMemoryRepository: PlanRepository {
    public static let seeded = [
        Plan(id: "free", name: "Free", maxStreams: 1, maxHeight: 480),
        Plan(id: "basic", name: "Basic", maxStreams: 1, maxHeight: 720, priceCents: 699),
        Plan(id: "standard", name: "Standard", maxStreams: 2, maxHeight: 1080, priceCents: 1199),
        Plan(id: "premium", name: "Premium", maxStreams: 4, maxHeight: nil, priceCents: 1799),
    ]
    private let plans: [Plan]
    private var assigned: [UUID: String] = [:]
    let users: UserMemoryRepository

    public init(users: UserMemoryRepository, plans: [Plan] = PlanMemoryRepository.seeded) {
        self.users = users
        self.plans = plans
    }

    public func all() async throws -> [Plan] { plans.sorted { $0.priceCents < $1.priceCents } }

    public func plan(ofUser userId: UUID) async throws -> Plan? {
        guard try await users.find(id: userId) != nil else { return nil }
        return plans.first { $0.id == (assigned[userId] ?? "free") }
    }

    public func setPlan(userId: UUID, planId: String) async throws -> Plan {
        guard let plan = plans.first(where: { $0.id == planId }) else { throw PlaybackError.unknownPlan(planId) }
        guard try await users.find(id: userId) != nil else { throw PlaybackError.userNotFound }
        assigned[userId] = planId
        return plan
    }
}
