import Foundation
import Testing

/// Media made at test time with the `ffmpeg` CLI (lavfi sources), and `ffprobe`/`ffmpeg` to check packages.
enum MediaFixtures {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zv-media-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Runs a tool, returning standard output; throws with standard error when it fails. The wait happens on a thread
    /// of its own: blocking Swift's cooperative pool (two threads here) would stall every other suite running in
    /// parallel for as long as ffmpeg takes.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(tool, arguments) })
            }.start()
        }
    }

    static func runBlocking(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError(
                message: "\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self).suffix(1500))")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `ffmpeg -y <arguments> <name>` into the fixture directory (made once per name); returns the path.
    static func make(_ name: String, _ arguments: [String]) async throws -> String {
        let path = directory.appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: path) { return path }
        // Written under a name of its own and renamed into place: suites run in parallel, and a second caller must
        // never find (and read) a file ffmpeg is still writing.
        let extensionIndex = name.lastIndex(of: ".") ?? name.endIndex
        let partial = directory.appendingPathComponent(
            "partial-\(UUID().uuidString)-\(name[..<extensionIndex])\(name[extensionIndex...])"
        ).path
        try await run("ffmpeg", ["-v", "error", "-y"] + arguments + [partial])
        guard rename(partial, path) == 0 else { throw TestSetupError(message: "cannot move \(partial) to \(path)") }
        return path
    }

    static func lavfi(_ graph: String) -> [String] { ["-f", "lavfi", "-i", graph] }

    static func tone(_ seconds: Double) -> [String] { lavfi("sine=frequency=440:sample_rate=48000:duration=\(seconds)") }

    /// A plain 640x360 H.264/AAC clip.
    static func clip(seconds: Double = 2, size: String = "640x360", name: String? = nil) async throws -> String {
        try await make(
            name ?? "clip-\(size)-\(seconds).mp4",
            lavfi("testsrc2=size=\(size):rate=30:duration=\(seconds)") + tone(seconds)
                + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"])
    }

    /// Video packets of one stream: (pts seconds, duration seconds, keyframe).
    static func packets(_ url: String, stream: String = "v:0") async throws -> [(pts: Double, duration: Double, key: Bool)] {
        let text = try await run(
            "ffprobe",
            ["-v", "error", "-select_streams", stream, "-show_entries", "packet=pts_time,duration_time,flags", "-of", "csv=p=0", url])
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 3, let pts = Double(fields[0]) else { return nil }
            return (pts, Double(fields[1]) ?? 0, fields[2].contains("K"))
        }
    }

    /// `key=value` pairs of the first stream matching `stream`.
    static func streamInfo(_ url: String, stream: String, entries: String) async throws -> [String: String] {
        let text = try await run(
            "ffprobe", ["-v", "error", "-select_streams", stream, "-show_entries", "stream=\(entries)", "-of", "default=nw=1", url])
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, result[String(parts[0])] == nil { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    /// Decodes every frame of one stream of `url` to nowhere; throws on any decoding error.
    static func decodes(_ url: String, map: String) async throws {
        let errors = try await run("ffmpeg", ["-v", "error", "-xerror", "-i", url, "-map", map, "-f", "null", "-"])
        if !errors.isEmpty { throw TestSetupError(message: errors) }
    }
}
