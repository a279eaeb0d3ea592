import Domain
import Hummingbird
import UseCases

/// `/api/v1/me` and the caller's profiles.
struct MeController {
    let getCurrentUser: GetCurrentUser
    let updateCurrentUser: UpdateCurrentUser
    let listProfiles: ListProfiles
    let createProfile: CreateProfile
    let updateProfile: UpdateProfile
    let deleteProfile: DeleteProfile
    let bodyLimit: Int

    func register(on routes: RouteTable) {
        let useCases = self
        let bodyLimit = self.bodyLimit
        routes.add(.get, "/api/v1/me") { _, context in
            UserResponse(try await useCases.getCurrentUser.execute(.init(principal: try context.requirePrincipal())))
        }
        routes.add(.patch, "/api/v1/me") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(UpdateMeRequest.self, limit: bodyLimit)
            return UserResponse(
                try await useCases.updateCurrentUser.execute(
                    .init(
                        principal: principal, displayName: body.displayName, currentPassword: body.currentPassword,
                        newPassword: body.newPassword, handle: body.handle, channelDescription: body.channelDescription)))
        }
        routes.add(.get, "/api/v1/me/profiles") { _, context in
            let profiles = try await useCases.listProfiles.execute(.init(principal: try context.requirePrincipal()))
            return ListResponse(items: profiles.map(ProfileResponse.init), nextCursor: nil)
        }
        routes.add(.post, "/api/v1/me/profiles") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(CreateProfileRequest.self, limit: bodyLimit)
            let profile = try await useCases.createProfile.execute(
                .init(
                    principal: principal, name: body.name, avatarURL: body.avatarUrl, isKids: body.isKids ?? false,
                    maxMaturity: body.maxMaturity))
            return EditedResponse(status: .created, response: ProfileResponse(profile))
        }
        routes.add(.patch, "/api/v1/me/profiles/:id") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: ProfileError.notFound)
            let body = try await request.decodeJSON(UpdateProfileRequest.self, limit: bodyLimit)
            return ProfileResponse(
                try await useCases.updateProfile.execute(
                    .init(
                        principal: principal, profileId: id, name: body.name, avatarURL: body.avatarUrl, isKids: body.isKids,
                        maxMaturity: body.maxMaturity)))
        }
        routes.add(.delete, "/api/v1/me/profiles/:id") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.uuidParameter("id", notFound: ProfileError.notFound)
            try await useCases.deleteProfile.execute(.init(principal: principal, profileId: id))
            return HTTPResponse.Status.noContent
        }
    }
}
