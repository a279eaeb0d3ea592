import CFFmpeg
import Domain
import Foundation
import Synchronization

/// One line the transcoder child process writes on its standard output (JSON).
public struct TranscodeChildMessage: Codable, Sendable {
    public var progress: TranscodeProgress?
    public var result: TranscodeResult?
    public var error: MediaError?

    public init(progress: TranscodeProgress? = nil, result: TranscodeResult? = nil, error: MediaError? = nil) {
        self.progress = progress
        self.result = result
        self.error = error
    }
}
