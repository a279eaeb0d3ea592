import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Outermost middleware: assigns the request id, turns every error into a problem response (through
/// `ErrorMapping`), then writes the access log line and the metrics with the final status.
struct RequestLifecycleMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let requestIdHeader = HTTPField.Name("X-Request-Id")!

    let metrics: HTTPMetrics

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        let requestId = Self.requestId(supplied: request.headers[Self.requestIdHeader])
        context.requestId = requestId
        context.logger[metadataKey: "request.id"] = .string(requestId)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.errorResponse(error, request: request, context: context)
        }
        response.headers[Self.requestIdHeader] = requestId
        Self.finish(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", path: request.uri.path,
            status: response.status.code, start: start, metrics: metrics, logger: context.logger)
        return response
    }

    /// The access log line and the metrics of a finished request.
    static func finish(
        method: String, route: String, path: String, status: Int, start: ContinuousClock.Instant, metrics: HTTPMetrics,
        logger: Logger
    ) {
        let duration = ContinuousClock.now - start
        metrics.record(method: method, route: route, status: status, duration: duration)
        let millis = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        logger.info(
            "request",
            metadata: [
                "http.method": .string(method), "http.route": .string(route), "http.path": .string(path),
                "http.status": .stringConvertible(status), "http.duration_ms": .string(String(format: "%.2f", millis)),
            ])
    }

    /// The id of a request: the client's `X-Request-Id` when acceptable, else a new one.
    static func requestId(supplied: String?) -> String {
        supplied.flatMap(acceptable) ?? UUID.random().lowercasedString
    }

    /// A client-supplied id is kept when it is short and plain; anything else is replaced.
    static func acceptable(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({
                $0 < 0x80 && (isalnum(Int32($0)) != 0 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "."))
            })
        else { return nil }
        return value
    }

    /// The problem response for an error; unknown errors become an opaque 500 and are logged in full.
    static func errorResponse(_ error: any Error, request: Request, context: AppRequestContext) -> Response {
        problem(for: error, logger: context.logger).response(instance: request.uri.path, requestId: context.requestId)
    }

    /// The problem for an error; an unknown error is logged in full and becomes an opaque 500.
    static func problem(for error: any Error, logger: Logger) -> Problem {
        if let problem = ErrorMapping.problem(for: error) { return problem }
        logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
        return Problem(
            .internalServerError, code: "internal_error", title: "Internal server error",
            detail: "the error was logged with this request id")
    }
}
