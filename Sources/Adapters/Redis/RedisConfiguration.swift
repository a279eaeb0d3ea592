import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Connection settings for Redis.
public struct RedisConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// A Unix domain socket to connect to instead of `host`:`port` (Redis's `unixsocket`), for a Redis on the same
    /// machine: no TCP/IP stack on either side, which makes each round trip cheaper for both processes.
    public var unixSocketPath: String?
    public var password: String?
    public var database: Int
    /// Connections kept open; commands are spread over them round-robin and pipeline on each.
    public var poolSize: Int
    public var connectTimeout: Duration
    public var commandTimeout: Duration
    public var maxBackoff: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 6379, password: String? = nil, database: Int = 0, poolSize: Int = 4,
        connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(2), maxBackoff: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.maxBackoff = maxBackoff
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`, or a Unix socket as redis-py and Sidekiq write it:
    /// `unix://[[user]:password@]/path/to/redis.sock[?db=N][&password=P]` (`redis+unix://` too); nil when malformed.
    public init?(url: String) {
        guard let components = URLComponents(string: url) else { return nil }
        switch components.scheme {
        case "redis":
            guard let host = components.host, !host.isEmpty else { return nil }
            self.init(host: host, port: components.port ?? 6379, password: components.password)
            let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if !path.isEmpty {
                guard let database = Int(path), database >= 0 else { return nil }
                self.database = database
            }
        case "unix", "redis+unix":
            // The socket path must be absolute and fit in sockaddr_un (108 bytes with its terminating NUL).
            guard components.host?.isEmpty ?? true, components.port == nil, components.path.hasPrefix("/"),
                components.path.utf8.count < 108, !components.path.hasSuffix("/")
            else { return nil }
            self.init(password: components.password)
            self.unixSocketPath = components.path
            for item in components.queryItems ?? [] {
                switch item.name {
                case "db":
                    guard let value = item.value, let database = Int(value), database >= 0 else { return nil }
                    self.database = database
                case "password":
                    guard let value = item.value, !value.isEmpty, password == nil else { return nil }
                    self.password = value
                default:
                    return nil
                }
            }
        default:
            return nil
        }
    }
}
