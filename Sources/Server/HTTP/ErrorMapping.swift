import Domain
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

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
                return Problem(
                    .conflict, code: "profile_limit_reached", title: "Too many profiles",
                    detail: "an account holds at most \(maximum) profiles")
            case .lastProfile:
                return Problem(
                    .conflict, code: "last_profile", title: "Last profile",
                    detail: "an account keeps at least one profile")
            }
        case let error as RateLimitExceeded:
            var headers = RateLimitHeaders.fields(error.status)
            headers[.retryAfter] = String(error.status.resetSeconds)
            return Problem(
                .tooManyRequests, code: "rate_limited", title: "Too many requests",
                detail: "retry after \(error.status.resetSeconds) seconds", headers: headers)
        case let error as PaginationError:
            switch error {
            case .invalidCursor:
                return Problem(
                    .badRequest, code: "invalid_cursor", title: "Invalid cursor",
                    detail: "cursor must be a value returned as nextCursor")
            case .invalidLimit(let maximum):
                return Problem(
                    .badRequest, code: "invalid_limit", title: "Invalid limit",
                    detail: "limit must be a whole number from 1 to \(maximum)")
            }
        case let error as RequestError:
            return problem(error)
        case let error as VideoError:
            return problem(error)
        case let error as UploadError:
            return problem(error)
        case let error as StorageError:
            return problem(error)
        case let error as JobError:
            return problem(error)
        case let error as PlaybackError:
            return problem(error)
        case let error as CatalogError:
            return problem(error)
        case let error as CaptionError:
            return problem(error)
        case let error as PosterError:
            return problem(error)
        case let error as MediaAccessError:
            return problem(error)
        case is LeaseStoreUnavailable:
            return Problem(
                .serviceUnavailable, code: "lease_store_unavailable", title: "Try again",
                detail: "stream limits cannot be checked right now", headers: [.retryAfter: "5"])
        case is HTTPParserError:
            return Problem(
                .badRequest, code: "incomplete_body", title: "Incomplete request",
                detail: "the request body ended before its declared end (connection cut?)")
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
            Problem(
                .unauthorized, code: "invalid_credentials", title: "Invalid credentials",
                detail: "email or password is wrong")
        case .mfaRequired:
            Problem(
                .unauthorized, code: "mfa_required", title: "MFA code required",
                detail: "this account needs a valid totpCode from its authenticator app")
        case .invalidMFACode:
            Problem(
                .unprocessableContent, code: "invalid_mfa_code", title: "Invalid MFA code",
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
            Problem(
                .unauthorized, code: "unauthenticated", title: "Authentication required",
                detail: "send a valid access token as Authorization: Bearer <token>",
                headers: [.wwwAuthenticate: #"Bearer realm="zviewer""#])
        case .invalidRefreshToken:
            Problem(
                .unauthorized, code: "invalid_refresh_token", title: "Invalid refresh token",
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
            Problem(
                .badRequest, code: "invalid_body", title: "Invalid request body", detail: message,
                errors: [.init(field: field, message: message)])
        case .unsupportedMediaType:
            Problem(
                .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                detail: "send the body as application/json")
        case .expectedMediaType(let type):
            Problem(
                .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                detail: "send the body as \(type)")
        case .payloadTooLarge(let limit):
            Problem(
                .contentTooLarge, code: "payload_too_large", title: "Request body too large",
                detail: "the body must be at most \(limit) bytes")
        case .invalidParameter(let name, let message):
            Problem(
                .badRequest, code: "invalid_parameter", title: "Invalid parameter", detail: message,
                errors: [.init(field: name, message: message)])
        }
    }
}

extension ErrorMapping {
    static func problem(_ error: VideoError) -> Problem {
        switch error {
        case .notFound:
            Problem(.notFound, code: "video_not_found", title: "Video not found")
        case .notOwner:
            Problem(.forbidden, code: "not_video_owner", title: "Not your video", detail: "only the owner can change this video")
        case .missingFile:
            Problem(.badRequest, code: "missing_file", title: "No file", detail: "send the video in a multipart part named file")
        case .fieldAfterFile(let name):
            Problem(
                .badRequest, code: "field_after_file", title: "Field after file",
                detail: "form fields must come before the file part (\(name) came after it)")
        }
    }

    static func problem(_ error: UploadError) -> Problem {
        switch error {
        case .tooLarge(let limit):
            Problem(
                .contentTooLarge, code: "upload_too_large", title: "Upload too large",
                detail: "a video may be at most \(limit) bytes")
        case .quotaExceeded(let used, let quota):
            Problem(
                .contentTooLarge, code: "quota_exceeded", title: "Storage quota exceeded",
                detail: "this account uses \(used) of its \(quota) bytes; the upload does not fit")
        case .notFound:
            Problem(.notFound, code: "upload_not_found", title: "Upload not found")
        case .offsetMismatch(let current):
            Problem(
                .conflict, code: "upload_offset_mismatch", title: "Wrong Upload-Offset",
                detail: "the upload holds \(current) bytes; send from that offset", headers: [TusHeaders.uploadOffset: String(current)])
        case .beyondLength(let length):
            Problem(
                .contentTooLarge, code: "beyond_upload_length", title: "More bytes than declared",
                detail: "the upload was declared as \(length) bytes")
        case .busy:
            Problem(
                .init(code: 423, reasonPhrase: "Locked"), code: "upload_locked", title: "Upload busy",
                detail: "another request is writing to this upload")
        case .expired:
            Problem(.gone, code: "upload_expired", title: "Upload expired", detail: "start a new upload")
        case .invalidHeader(let name, let message):
            Problem(
                .badRequest, code: "invalid_header", title: "Invalid header", detail: message,
                errors: [.init(field: name, message: message)])
        }
    }

    static func problem(_ error: StorageError) -> Problem? {
        switch error {
        case .notFound:
            Problem(.notFound, code: "object_not_found", title: "Not found")
        case .rangeNotSatisfiable(let size):
            Problem(
                .rangeNotSatisfiable, code: "range_not_satisfiable", title: "Range not satisfiable",
                headers: [.contentRange: "bytes */\(size)"])
        case .tooLarge(let limit):
            Problem(.contentTooLarge, code: "payload_too_large", title: "Too large", detail: "at most \(limit) bytes")
        case .invalidKey, .backend:
            // A server-side fault: logged by the caller, a plain 500 for the client.
            nil
        }
    }

    static func problem(_ error: JobError) -> Problem? {
        switch error {
        case .notFound:
            Problem(.notFound, code: "job_not_found", title: "Job not found")
        case .notRetryable(let state):
            Problem(
                .conflict, code: "job_not_retryable", title: "Job cannot be retried",
                detail: "only failed or dead jobs can be retried; this one is \(state.rawValue)")
        case .permanent:
            nil
        }
    }
}

extension ErrorMapping {
    static func problem(_ error: PlaybackError) -> Problem {
        switch error {
        case .videoNotReady:
            Problem(.conflict, code: "video_not_ready", title: "Video not ready", detail: "the video has not finished processing")
        case .unavailable(let reason):
            problem(reason)
        case .concurrentStreamLimit(let limit, let active):
            {
                var problem = Problem(
                    .conflict, code: "concurrent_stream_limit", title: "Too many streams",
                    detail: "your plan allows \(limit) stream\(limit == 1 ? "" : "s") at once; stop one of activeStreams to watch here")
                problem.activeStreams = active.map(StreamResponse.init)
                return problem
            }()
        case .sessionNotFound:
            Problem(.notFound, code: "session_not_found", title: "Playback session not found")
        case .sessionExpired:
            Problem(
                .gone, code: "session_expired", title: "Playback session ended",
                detail: "the session expired or was stopped; call play again")
        case .unknownPlan(let id):
            Problem(
                .unprocessableContent, code: "unknown_plan", title: "Unknown plan", detail: "there is no plan \(id)",
                errors: [.init(field: "plan", message: "must be the id of a plan (GET /api/v1/plans)")])
        case .userNotFound:
            Problem(.notFound, code: "user_not_found", title: "User not found")
        }
    }

    static func problem(_ error: MediaAccessError) -> Problem {
        switch error {
        case .missingToken:
            Problem(
                .forbidden, code: "media_token_missing", title: "Media token required",
                detail: "media URLs carry ?token= from POST /api/v1/videos/{id}/play")
        case .invalidToken:
            Problem(
                .forbidden, code: "media_token_invalid", title: "Invalid media token",
                detail: "the token is malformed, altered, or for another video")
        case .expiredToken:
            Problem(.forbidden, code: "media_token_expired", title: "Media token expired", detail: "call play again for a new token")
        case .renditionNotAllowed:
            Problem(
                .forbidden, code: "rendition_not_allowed", title: "Rendition not in your plan",
                detail: "this rendition is above the highest your plan allows")
        case .notFound:
            Problem(.notFound, code: "media_not_found", title: "Media file not found")
        }
    }
}
