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
    }
}
