import PostgresNIO

extension PSQLError {
    /// Whether the server rejected the statement for breaking a unique constraint (SQLSTATE 23505).
    var isUniqueViolation: Bool {
        serverInfo?[.sqlState] == "23505"
    }
}
