import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An administrator gives an account a role (`user`, `editor`, `admin`). The role is read from the database on
/// every staff request, so the change holds at once, whatever the account's tokens say.
public struct SetUserRole: Sendable {
    let users: any UserRepository
    let plans: any PlanRepository
    let clock: any DateProvider

    public init(users: any UserRepository, plans: any PlanRepository, clock: any DateProvider) {
        self.users = users
        self.plans = plans
        self.clock = clock
    }

    public func execute(principal: Principal, userId: UUID, role raw: String) async throws -> (User, Plan) {
        let actor = try await users.activeUser(principal)
        guard actor.role == .admin else { throw AuthError.forbidden }
        let role = try Self.role(raw)
        let now = clock.now()
        guard
            let user = try await users.update(
                id: userId,
                { user in
                    user.role = role
                    user.updatedAt = now
                }),
            let plan = try await plans.plan(ofUser: user.id)
        else { throw PlaybackError.userNotFound }
        return (user, plan)
    }

    /// A role as sent (checked before anything changes).
    public static func role(_ raw: String) throws(ValidationError) -> Role {
        guard let role = Role(rawValue: raw) else {
            throw ValidationError(field: "role", code: "invalid_role", message: "role must be user, editor or admin")
        }
        return role
    }
}
