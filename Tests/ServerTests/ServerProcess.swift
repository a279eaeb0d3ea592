import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `zviewer serve --role api` as a child process on a free loopback port, against the test PostgreSQL and Redis, so a
/// test can read the server's own memory, descriptors and CPU time from /proc.
///
/// Spawned and reaped here (`posix_spawn`, `waitpid`), not with Foundation's `Process`: with several children started
/// at once by parallel tests, `Process` once missed a child's exit, left it a zombie, and `waitUntilExit` spun for
/// ever.
final class ServerProcess {
    private(set) var pid: pid_t = 0
    let port: Int
    let dataDir: String
    let environment: [String: String]

    init(_ overrides: [String: String] = [:]) async throws {
        port = try Self.freePort()
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("zv-process-\(UUID().uuidString)").path
        var environment = ProcessInfo.processInfo.environment
        environment.merge(
            try TestSettings.environment([
                "DATA_DIR": dataDir, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": String(port), "LOG_LEVEL": "error",
            ])
        ) { _, new in new }
        environment.merge(overrides) { _, new in new }
        self.environment = environment
        pid = try Self.spawn(TestSettings.zviewerBinary, ["serve", "--role", "api"], environment: environment)
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

    /// SIGTERM, then SIGKILL if the server has not exited within 10 s; reaps it either way.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<1000 {
            if waitpid(pid, &status, WNOHANG) != 0 {
                pid = 0
                return
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        pid = 0
    }

    /// Starts `path` with `arguments` and exactly `environment`, its output to /dev/null.
    static func spawn(_ path: String, _ arguments: [String], environment: [String: String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw TestSetupError(message: "posix_spawn \(path): \(result)") }
        return pid
    }

    /// Resident memory, in KiB.
    var residentKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Open file descriptors.
    var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    }

    /// CPU time of all the server's threads so far, in nanoseconds (the scheduler's own account, finer than ticks).
    var cpuNanoseconds: Int {
        let tasks = "/proc/\(pid)/task"
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
