import Domain
import Hummingbird
import UseCases

/// `/api/v1/admin/...`: administrator-only views.
struct AdminController {
    let useCases: AppUseCases

    func register(on routes: RouteTable) {
        let useCases = self.useCases
        routes.add(.get, "/api/v1/admin/users") { request, context in
            let page = try await useCases.listUsers.execute(
                .init(principal: try context.requirePrincipal(), limit: try request.queryInt("limit"),
                      cursor: request.queryString("cursor")))
            return ListResponse(items: page.items.map(UserResponse.init), nextCursor: page.nextCursor)
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
