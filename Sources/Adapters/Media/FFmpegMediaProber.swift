import CFFmpeg
import Domain

/// `MediaProber` over libavformat. Use it on untrusted files only inside the isolated transcoder process.
public struct FFmpegMediaProber: MediaProber {
    public init() {}

    public func probe(path: String) async throws -> MediaProbe {
        try FFInput(path: path).probe()
    }
}
