import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction` that rethrows what the closure threw (a domain error, or the PSQLError of a statement)
    /// instead of postgres-nio's wrapper, so callers can match on it.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }
}
