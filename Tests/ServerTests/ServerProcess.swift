import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `zviewer serve --role api` as a child process on a free loopback port, against the test PostgreSQL and Redis, so a
/// test can read the server's own memory, descriptors and CPU time from /proc.
final class ServerProcess {
    let process = Process()
    let port: Int
    let dataDir: String
    let environment: [String: String]

    init(_ overrides: [String: String] = [:]) async throws {
        port = try Self.freePort()
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("zv-process-\(UUID().uuidString)").path
        var environment = ProcessInfo.processInfo.environment
        environment.merge([
            "DATABASE_URL": try TestSettings.env("TEST_DATABASE_URL"), "REDIS_URL": try TestSettings.env("TEST_REDIS_URL"),
            "JWT_SECRET": "test-secret-0123456789abcdef0123456789abcdef", "REDIS_KEY_PREFIX": "p:\(UUID().uuidString):",
            "MIGRATIONS_DIR": TestSettings.repositoryRoot.appendingPathComponent("migrations").path, "DATA_DIR": dataDir,
            "HTTP_HOST": "127.0.0.1", "HTTP_PORT": String(port), "LOG_LEVEL": "error", "BCRYPT_COST": "4",
            "RATE_LIMIT_ANONYMOUS_PER_MINUTE": "1000000", "RATE_LIMIT_USER_PER_MINUTE": "1000000",
        ]) { _, new in new }
        environment.merge(overrides) { _, new in new }
        self.environment = environment
        process.executableURL = URL(fileURLWithPath: TestSettings.zviewerBinary)
        process.arguments = ["serve", "--role", "api"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<150 {
            if let socket = try? RawSocket(port: port, receiveTimeout: 2) {
                try? socket.send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                if RawResponse.all(socket.readToEnd()).first?.status == 200 { return }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw TestSetupError(message: "zviewer serve did not answer /health on port \(port)")
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Resident memory, in KiB.
    var residentKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Open file descriptors.
    var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? 0
    }

    /// CPU time of all the server's threads so far, in nanoseconds (the scheduler's own account, finer than ticks).
    var cpuNanoseconds: Int {
        let tasks = "/proc/\(process.processIdentifier)/task"
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        return threads.reduce(0) { total, thread in
            let line = (try? String(contentsOfFile: "\(tasks)/\(thread)/schedstat", encoding: .utf8)) ?? ""
            return total + (Int(line.split(separator: " ").first ?? "") ?? 0)
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw TestSetupError(message: "no free port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
