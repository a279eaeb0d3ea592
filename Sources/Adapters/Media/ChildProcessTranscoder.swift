import CFFmpeg
import Domain
import Foundation
import Synchronization

/// `Transcoder` that runs `zviewer transcode <spec>` (this same binary) as a child process and supervises it:
/// progress comes back as JSON lines on a pipe; a crash, a non-zero exit or a time limit proportional to the
/// source's duration fails the attempt with a reason; cancelling the calling task kills the child. Untrusted media
/// is only ever decoded in the child, so a decoder crash or hang never reaches the API process.
public struct ChildProcessTranscoder: Transcoder {
    public struct Limits: Sendable {
        /// Time allowed per second of source (wall clock).
        public var secondsPerSourceSecond: Double
        /// Time allowed at least, whatever the duration.
        public var minimumSeconds: Double
        /// Time allowed before the child has probed the file.
        public var probeSeconds: Double

        public init(secondsPerSourceSecond: Double = 10, minimumSeconds: Double = 300, probeSeconds: Double = 120) {
            self.secondsPerSourceSecond = secondsPerSourceSecond
            self.minimumSeconds = minimumSeconds
            self.probeSeconds = probeSeconds
        }
    }

    let executable: String
    let environment: [String: String]
    let limits: Limits

    /// `environment` is added to the child's (e.g. a test-only fault).
    public init(executable: String, environment: [String: String] = [:], limits: Limits = .init()) {
        self.executable = executable
        self.environment = environment
        self.limits = limits
    }

    /// Call first thing in the child: it dies with its parent, so a crashed API leaves no orphan transcoding.
    /// FFmpeg logs errors only (to standard error, whose tail explains a failure), unless `logLevel` says
    /// otherwise (`quiet`, `error`, `warning`, `info`, `debug`).
    public static func prepareChild(logLevel: String?) {
        _ = zv_die_with_parent()
        // A crashing decoder leaves no core file with fragments of someone's upload behind.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        let levels: [String: Int32] = [
            "quiet": AV_LOG_QUIET, "error": AV_LOG_ERROR, "warning": AV_LOG_WARNING, "info": AV_LOG_INFO, "debug": AV_LOG_DEBUG,
        ]
        av_log_set_level(levels[logLevel ?? ""] ?? AV_LOG_ERROR)
    }

    /// The binary to run as the child: this process's own executable.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    final class Supervision: Sendable {
        struct State {
            var result: TranscodeResult?
            var error: MediaError?
            var deadline: ContinuousClock.Instant
            var stderrTail = ""
            var openPipes = 2
            var lastProgress: TranscodeProgress?
            var lastReported = ContinuousClock.now
        }
        let state: Mutex<State>
        init(deadline: ContinuousClock.Instant) { state = Mutex(State(deadline: deadline)) }
    }

    public func transcode(
        _ request: TranscodeRequest, progress: @escaping @Sendable (TranscodeProgress) -> Void
    ) async throws
        -> TranscodeResult
    {
        let specPath = request.outputDirectory + ".request.json"
        try JSONEncoder().encode(request).write(to: URL(fileURLWithPath: specPath))
        defer { try? FileManager.default.removeItem(atPath: specPath) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["transcode", specPath]
        // The child gets no secrets: a decoder exploited by a hostile file finds no database URL or signing key in
        // its environment, only what it needs to run.
        let inherited = ProcessInfo.processInfo.environment
        var env = ["PATH", "LANG", "LC_ALL", "TMPDIR", "FFMPEG_LOG_LEVEL"].reduce(into: [String: String]()) { env, name in
            if let value = inherited[name] { env[name] = value }
        }
        env["SWIFT_BACKTRACE"] = "enable=no"  // a crash should end the child at once, not print a backtrace for seconds
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice

        let started = ContinuousClock.now
        let supervision = Supervision(deadline: started + .seconds(limits.probeSeconds))
        let limits = self.limits
        do {
            try process.run()
        } catch {
            throw FF.internalError("cannot start the transcoder: \(error)")
        }
        // The child has its own copies of the write ends; without closing ours, the readers would never see EOF.
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        let finished: @Sendable () -> Void = { supervision.state.withLock { $0.openPipes -= 1 } }
        Self.readLines(stdout.fileHandleForReading.fileDescriptor, finished: finished) { line in
            guard let message = try? JSONDecoder().decode(TranscodeChildMessage.self, from: Data(line.utf8)) else { return }
            if let update = message.progress {
                if let duration = update.sourceDurationSeconds {
                    let allowed = max(limits.minimumSeconds, duration * limits.secondsPerSourceSecond)
                    supervision.state.withLock { $0.deadline = started + .seconds(allowed) }
                }
                supervision.state.withLock {
                    $0.lastProgress = update
                    $0.lastReported = .now
                }
                progress(update)
            }
            if let result = message.result { supervision.state.withLock { $0.result = result } }
            if let error = message.error { supervision.state.withLock { $0.error = error } }
        }
        Self.readLines(stderr.fileHandleForReading.fileDescriptor, finished: finished) { line in
            supervision.state.withLock { state in
                state.stderrTail = String((state.stderrTail + line + "\n").suffix(2000))
            }
        }

        let pid = process.processIdentifier
        var timedOut = false
        var cancelled = false
        while process.isRunning {
            if Task.isCancelled { cancelled = true }
            if ContinuousClock.now > supervision.state.withLock({ $0.deadline }) { timedOut = true }
            if cancelled || timedOut {
                kill(pid, SIGKILL)
                break
            }
            // A child busy in one long step (writing the trailer, the thumbnails) still shows as alive: the last
            // progress is repeated every second, so it is persisted at least that often.
            let repeated: TranscodeProgress? = supervision.state.withLock { state in
                guard let last = state.lastProgress, ContinuousClock.now - state.lastReported >= .seconds(1) else { return nil }
                state.lastReported = .now
                return last
            }
            if let repeated { progress(repeated) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        // Reap without blocking a cooperative thread, then let the readers drain what the child wrote last.
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        let drained = ContinuousClock.now + .seconds(5)
        while supervision.state.withLock({ $0.openPipes > 0 }), ContinuousClock.now < drained {
            try? await Task.sleep(for: .milliseconds(10))
        }

        if cancelled { throw CancellationError() }
        let (result, error, tail) = supervision.state.withLock { ($0.result, $0.error, $0.stderrTail) }
        if timedOut {
            throw MediaError(code: "transcode_timeout", message: "the transcoder ran past its time limit and was killed", permanent: false)
        }
        if process.terminationReason == .uncaughtSignal {
            throw MediaError(
                code: "transcode_crashed", message: "the transcoder died of signal \(process.terminationStatus)\(Self.excerpt(tail))",
                permanent: false)
        }
        if process.terminationStatus == 0, let result { return result }
        if let error { throw error }
        throw MediaError(
            code: "transcode_failed", message: "the transcoder exited with status \(process.terminationStatus)\(Self.excerpt(tail))",
            permanent: false)
    }

    static func excerpt(_ tail: String) -> String {
        let lines = tail.split(separator: "\n").suffix(3).joined(separator: " | ")
        return lines.isEmpty ? "" : ": " + lines
    }

    /// Reads a pipe on a thread of its own until EOF, calling `line` for each line, then `finished`.
    static func readLines(_ fd: Int32, finished: @escaping @Sendable () -> Void, line: @escaping @Sendable (String) -> Void) {
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: 10) {
                    line(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
                if pending.count > 64 << 20 { pending.removeAll() }  // a runaway line is dropped, not hoarded
            }
            if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
            finished()
        }
        thread.start()
    }
}
