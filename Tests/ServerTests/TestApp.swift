import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import Server

enum TestSettings {
    static func env(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw TestSetupError(message: "\(name) is not set: run the tests with scripts/test.sh")
        }
        return value
    }

    /// The `zviewer` binary built with the tests (scripts/test.sh exports its path; else it sits next to the
    /// test runner), run as the isolated transcoder.
    static var zviewerBinary: String {
        if let path = ProcessInfo.processInfo.environment["TEST_ZVIEWER_BINARY"], !path.isEmpty { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.path.hasSuffix(".xctest/Contents/MacOS") {
            directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return directory.appendingPathComponent("zviewer").path
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A configuration for the test servers, with a private Redis key space per app.
    static func config(_ overrides: [String: String] = [:]) throws -> AppConfig {
        try AppConfig.load(environment: environment(overrides))
    }

    /// The settings of a test server (in this process or a `zviewer serve` child): the test stores, one JWT secret
    /// (so media tokens signed in one verify in the other), a private Redis key space and data directory.
    static func environment(_ overrides: [String: String] = [:]) throws -> [String: String] {
        var environment = [
            "DATABASE_URL": try env("TEST_DATABASE_URL"),
            "REDIS_URL": try env("TEST_REDIS_URL"),
            "JWT_SECRET": "test-secret-0123456789abcdef0123456789abcdef",
            "REDIS_KEY_PREFIX": "t:\(UUID().uuidString):",
            "MIGRATIONS_DIR": repositoryRoot.appendingPathComponent("migrations").path,
            "RATE_LIMIT_ANONYMOUS_PER_MINUTE": "100000",
            "RATE_LIMIT_USER_PER_MINUTE": "100000",
            "RATE_LIMIT_AUTH_PER_MINUTE": "100000",
            "LOG_LEVEL": "warning",
            // The cheapest bcrypt cost: at the default (12) every sign-up and login holds one of the two threads
            // of the shared pool for ~250 ms, and with suites running in parallel the queue grew past the test
            // client's 20 s timeout on a loaded machine. SecurityAdapterTests checks cost 12 itself.
            "BCRYPT_COST": "4",
            "DATA_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("zv-app-\(UUID().uuidString)").path,
            "TRANSCODER_BINARY": zviewerBinary,
        ]
        environment.merge(overrides) { _, new in new }
        return environment
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs `body` against the real application (PostgreSQL, Redis, migrations) through Hummingbird's router tester.
func withApp(
    _ overrides: [String: String] = [:], _ body: @Sendable (any TestClientProtocol, AppDependencies) async throws -> Void
) async throws {
    try await withApp(config: try TestSettings.config(overrides), body)
}

/// The same with a configuration built by the test (e.g. with a transcoder fault injected).
func withApp(
    config: AppConfig, _ body: @Sendable (any TestClientProtocol, AppDependencies) async throws -> Void
) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let dependencies = try await AppDependencies.make(config: config, logger: logger)
    let app = buildApplication(dependencies, role: .api)
    try await app.test(.router) { client in try await body(client, dependencies) }
}

/// A decoded JSON object from a response.
struct JSON: @unchecked Sendable {
    // Safe: built once from JSONSerialization output (immutable Foundation containers) and only read.
    let value: Any

    init(_ buffer: ByteBuffer) throws {
        value = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }

    subscript(key: String) -> JSON? {
        guard let object = value as? [String: Any], let child = object[key], !(child is NSNull) else { return nil }
        return JSON(raw: child)
    }

    private init(raw: Any) { value = raw }

    var string: String? { value as? String }
    var bool: Bool? { value as? Bool }
    var int: Int? { value as? Int }
    var array: [JSON] { (value as? [Any])?.map(JSON.init(raw:)) ?? [] }
    var isNull: Bool { value is NSNull }
    var double: Double? { (value as? NSNumber)?.doubleValue }
}

extension TestClientProtocol {
    /// Sends JSON (or raw text with its own content type) and returns the response.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = nil,
        headers extra: HTTPFields = [:], contentType: String = "application/json"
    ) async throws -> TestResponse {
        var headers = extra
        if json != nil { headers[.contentType] = contentType }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Registers a fresh account; returns (access token, refresh token, user id, email).
    func signUp(password: String = "long enough password") async throws -> (access: String, refresh: String, id: String, email: String) {
        let email = "u\(UUID().uuidString.prefix(10).lowercased())@example.com"
        let response = try await send(
            .post, "/api/v1/auth/register", json: #"{"email":"\#(email)","password":"\#(password)","displayName":"Tester"}"#)
        #expect(response.status == .created)
        let body = try JSON(response.body)
        return (body["accessToken"]!.string!, body["refreshToken"]!.string!, body["user"]!["id"]!.string!, email)
    }
}

extension TestResponse {
    var problemCode: String? { (try? JSON(body))?["code"]?.string }
}
