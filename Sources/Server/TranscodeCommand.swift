import Adapters
import ArgumentParser
import Domain
import Foundation

/// `zviewer transcode <spec>`: the isolated transcoder. Started by the worker (never by hand in production), it
/// reads a `TranscodeRequest` from the spec file, runs the FFmpeg pipeline and reports on standard output, one
/// JSON object per line: `{"progress":...}`, then `{"result":...}` (exit 0) or `{"error":...}` (exit 2).
struct TranscodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcode", abstract: "Transcode one original (run by the worker as a child process).", shouldDisplay: false)

    @Argument(help: "Path of the JSON transcode request.") var spec: String

    /// Test-only faults, to prove the supervision: `crash` (SIGSEGV) or `hang` once transcoding has started.
    static let faultVariable = "ZVIEWER_TEST_TRANSCODE_FAULT"

    func run() async throws {
        ChildProcessTranscoder.prepareChild(logLevel: ProcessInfo.processInfo.environment["FFMPEG_LOG_LEVEL"])
        let request: TranscodeRequest
        do {
            request = try JSONDecoder().decode(TranscodeRequest.self, from: Data(contentsOf: URL(fileURLWithPath: spec)))
        } catch {
            Self.emit(.init(error: MediaError(code: "transcode_failed", message: "unreadable request: \(error)", permanent: false)))
            throw ExitCode(2)
        }
        let fault = ProcessInfo.processInfo.environment[Self.faultVariable]
        do {
            let result = try await FFmpegTranscoder().transcode(request) { progress in
                Self.emit(.init(progress: progress))
                if progress.step == .transcoding, progress.sourceDurationSeconds != nil {
                    if fault == "crash" { raise(SIGSEGV) }
                    if fault == "hang" { while true { sleep(60) } }
                }
            }
            Self.emit(.init(result: result))
        } catch let error as MediaError {
            Self.emit(.init(error: error))
            throw ExitCode(2)
        } catch {
            Self.emit(.init(error: MediaError(code: "transcode_failed", message: "\(error)", permanent: false)))
            throw ExitCode(2)
        }
    }

    static func emit(_ message: TranscodeChildMessage) {
        guard var line = try? JSONEncoder().encode(message) else { return }
        line.append(10)
        FileHandle.standardOutput.write(line)
    }
}
