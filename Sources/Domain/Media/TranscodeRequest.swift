#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the transcoder is asked to make of one original.
public struct TranscodeRequest: Sendable, Equatable, Codable {
    /// A local file holding the original.
    public var inputPath: String
    /// An empty local directory the package is written to.
    public var outputDirectory: String
    public var settings: TranscodeSettings

    public init(inputPath: String, outputDirectory: String, settings: TranscodeSettings) {
        self.inputPath = inputPath
        self.outputDirectory = outputDirectory
        self.settings = settings
    }
}
