import Domain
import Hummingbird
import UseCases

/// `/api/v1/admin/...`: administrator-only views.
struct AdminController {
    let listUsers: ListUsers
    let setUserPlan: SetUserPlan
    let setUserRole: SetUserRole
    let listJobs: ListJobs
    let retryJob: RetryJob
    let bodyLimit: Int

    func register(on routes: RouteTable) {
        let useCases = self
        let bodyLimit = self.bodyLimit
        routes.add(.get, "/api/v1/admin/users") { request, context in
            let page = try await useCases.listUsers.execute(
                .init(
                    principal: try context.requirePrincipal(), limit: try request.queryInt("limit"),
                    cursor: request.queryString("cursor")))
            return ListResponse(items: page.items.map(UserResponse.init), nextCursor: page.nextCursor)
        }
        routes.add(.patch, "/api/v1/admin/users/:id") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: PlaybackError.userNotFound)
            let body = try await request.decodeJSON(SetUserRequest.self, limit: 4096)
            guard body.plan != nil || body.role != nil else {
                throw RequestError.invalidBody(
                    field: "plan", message: "send a plan and/or a role, e.g. {\"plan\": \"premium\"} or {\"role\": \"editor\"}")
            }
            if let role = body.role { _ = try SetUserRole.role(role) }
            var result: (User, Plan)?
            if let plan = body.plan { result = try await useCases.setUserPlan.execute(principal: principal, userId: id, planId: plan) }
            if let role = body.role { result = try await useCases.setUserRole.execute(principal: principal, userId: id, role: role) }
            guard let (user, plan) = result else { throw PlaybackError.userNotFound }
            return AdminUserResponse(user: UserResponse(user), plan: PlanResponse(plan))
        }
        routes.add(.get, "/api/v1/admin/jobs") { request, context in
            let page = try await useCases.listJobs.execute(
                .init(
                    principal: try context.requirePrincipal(), state: request.queryString("state"),
                    kind: request.queryString("kind"), limit: try request.queryInt("limit"), cursor: request.queryString("cursor")))
            return ListResponse(items: page.items.map(JobResponse.init), nextCursor: page.nextCursor)
        }
        routes.add(.post, "/api/v1/admin/jobs/:id/retry") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: JobError.notFound)
            return JobResponse(try await useCases.retryJob.execute(principal: principal, jobId: id))
        }
    }
}
