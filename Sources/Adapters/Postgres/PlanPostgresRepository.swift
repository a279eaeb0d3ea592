import Domain
import Foundation
import Logging
import PostgresNIO

/// Plans and each account's plan in PostgreSQL.
public struct PlanPostgresRepository: PlanRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = "p.id, p.name, p.max_streams, p.max_height, p.price_cents, p.currency"
    typealias Row = (String, String, Int, Int?, Int, String)

    public func all() async throws -> [Plan] {
        let rows = try await client.query("SELECT \(unescaped: Self.columns) FROM plans p ORDER BY p.sort_order, p.id", logger: logger)
        var plans: [Plan] = []
        for try await row in rows.decode(Row.self) { plans.append(Self.plan(row)) }
        return plans
    }

    public func plan(ofUser userId: UUID) async throws -> Plan? {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.columns) FROM users u JOIN plans p ON p.id = u.plan_id WHERE u.id = \(userId)", logger: logger)
        for try await row in rows.decode(Row.self) { return Self.plan(row) }
        return nil
    }

    public func setPlan(userId: UUID, planId: String) async throws -> Plan {
        let plans = try await all()
        guard let plan = plans.first(where: { $0.id == planId }) else { throw PlaybackError.unknownPlan(planId) }
        let rows = try await client.query(
            "UPDATE users SET plan_id = \(plan.id), updated_at = now() WHERE id = \(userId) RETURNING id", logger: logger)
        guard try await JobPostgresQueue.changed(rows) else { throw PlaybackError.userNotFound }
        return plan
    }

    static func plan(_ row: Row) -> Plan {
        let (id, name, streams, height, price, currency) = row
        return Plan(id: id, name: name, maxStreams: streams, maxHeight: height, priceCents: price, currency: currency)
    }
}
