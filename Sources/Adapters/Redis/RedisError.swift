/// Failures talking to Redis.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection is up (Redis down or reconnecting).
    case unavailable
    /// The connection closed before the reply arrived.
    case connectionClosed
    /// No reply within the command timeout.
    case timeout
    /// The server sent bytes hiredis could not parse.
    case protocolError(String)
    /// The server answered with an error reply.
    case server(String)

    public var description: String {
        switch self {
        case .unavailable: "redis unavailable"
        case .connectionClosed: "redis connection closed"
        case .timeout: "redis command timed out"
        case .protocolError(let message): "redis protocol error: \(message)"
        case .server(let message): "redis error reply: \(message)"
        }
    }
}
