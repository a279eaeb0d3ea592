import Domain
import HTTPTypes
import Hummingbird
import NIOCore

/// The one place where errors become HTTP problems. Anything not listed here is a 500 whose body says nothing
/// about its cause (the cause is logged).
enum ErrorMapping {
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case let error as Problem:
            return error
        case let error as ValidationError:
            return Problem(
                .unprocessableContent, code: error.code, title: "Invalid input", detail: error.message,
                errors: [.init(field: error.field, message: error.message)])
        case let error as AuthError:
            return problem(error)
        case let error as ProfileError:
            switch error {
            case .notFound:
                return Problem(.notFound, code: "profile_not_found", title: "Profile not found")
            case .limitReached(let maximum):
                return Problem(.conflict, code: "profile_limit_reached", title: "Too many profiles",
                    detail: "an account holds at most \(maximum) profiles")
            case .lastProfile:
                return Problem(.conflict, code: "last_profile", title: "Last profile",
                    detail: "an account keeps at least one profile")
            }
        case let error as RateLimitExceeded:
            var headers = RateLimitHeaders.fields(error.status)
            headers[.retryAfter] = String(error.status.resetSeconds)
            return Problem(.tooManyRequests, code: "rate_limited", title: "Too many requests",
                detail: "retry after \(error.status.resetSeconds) seconds", headers: headers)
        case let error as PaginationError:
            switch error {
            case .invalidCursor:
                return Problem(.badRequest, code: "invalid_cursor", title: "Invalid cursor",
                    detail: "cursor must be a value returned as nextCursor")
            case .invalidLimit(let maximum):
                return Problem(.badRequest, code: "invalid_limit", title: "Invalid limit",
                    detail: "limit must be a whole number from 1 to \(maximum)")
            }
        case let error as RequestError:
            return problem(error)
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, code: "payload_too_large", title: "Request body too large")
        case let error as HTTPError:
            return problem(status: error.status, detail: error.body)
        case let error as any HTTPResponseError:
            return problem(status: error.status, detail: nil)
        default:
            return nil
        }
    }

    static func problem(status: HTTPResponse.Status, detail: String?) -> Problem {
        switch status {
        case .notFound: Problem(.notFound, code: "route_not_found", title: "Not found", detail: "no such route or method")
        case .contentTooLarge: Problem(.contentTooLarge, code: "payload_too_large", title: "Request body too large")
        case .badRequest: Problem(.badRequest, code: "bad_request", title: "Bad request", detail: detail)
        default: Problem(status, code: "http_\(status.code)", title: status.reasonPhrase, detail: detail)
        }
    }

    static func problem(_ error: AuthError) -> Problem {
        switch error {
        case .invalidCredentials:
            Problem(.unauthorized, code: "invalid_credentials", title: "Invalid credentials",
                detail: "email or password is wrong")
        case .mfaRequired:
            Problem(.unauthorized, code: "mfa_required", title: "MFA code required",
                detail: "this account needs a valid totpCode from its authenticator app")
        case .invalidMFACode:
            Problem(.unprocessableContent, code: "invalid_mfa_code", title: "Invalid MFA code",
                detail: "the code is wrong, expired or already used")
        case .mfaAlreadyEnabled:
            Problem(.conflict, code: "mfa_already_enabled", title: "MFA already enabled")
        case .mfaNotSetUp:
            Problem(.conflict, code: "mfa_not_set_up", title: "MFA not set up", detail: "call POST /api/v1/auth/mfa/setup first")
        case .mfaNotEnabled:
            Problem(.conflict, code: "mfa_not_enabled", title: "MFA not enabled")
        case .accountSuspended:
            Problem(.forbidden, code: "account_suspended", title: "Account suspended")
        case .unauthenticated:
            Problem(.unauthorized, code: "unauthenticated", title: "Authentication required",
                detail: "send a valid access token as Authorization: Bearer <token>",
                headers: [.wwwAuthenticate: #"Bearer realm="zviewer""#])
        case .invalidRefreshToken:
            Problem(.unauthorized, code: "invalid_refresh_token", title: "Invalid refresh token",
                detail: "the refresh token is unknown, expired, revoked or was already used")
        case .forbidden:
            Problem(.forbidden, code: "forbidden", title: "Forbidden", detail: "your role does not allow this")
        case .emailTaken:
            Problem(.conflict, code: "email_taken", title: "Email already registered")
        case .wrongCurrentPassword:
            Problem(.forbidden, code: "wrong_current_password", title: "Current password is wrong")
        }
    }

    static func problem(_ error: RequestError) -> Problem {
        switch error {
        case .malformedJSON:
            Problem(.badRequest, code: "malformed_json", title: "Malformed JSON", detail: "the request body is not valid JSON")
        case .invalidBody(let field, let message):
            Problem(.badRequest, code: "invalid_body", title: "Invalid request body", detail: message,
                errors: [.init(field: field, message: message)])
        case .unsupportedMediaType:
            Problem(.unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                detail: "send the body as application/json")
        case .payloadTooLarge(let limit):
            Problem(.contentTooLarge, code: "payload_too_large", title: "Request body too large",
                detail: "the body must be at most \(limit) bytes")
        case .invalidParameter(let name, let message):
            Problem(.badRequest, code: "invalid_parameter", title: "Invalid parameter", detail: message,
                errors: [.init(field: name, message: message)])
        }
    }
}

/// `RateLimit-*` headers (IETF draft) for a window's state.
enum RateLimitHeaders {
    static let limit = HTTPField.Name("RateLimit-Limit")!
    static let remaining = HTTPField.Name("RateLimit-Remaining")!
    static let reset = HTTPField.Name("RateLimit-Reset")!

    static func fields(_ status: RateLimitStatus) -> HTTPFields {
        [limit: String(status.limit), remaining: String(status.remaining), reset: String(status.resetSeconds)]
    }
}
