#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns an uploaded picture into a poster (a media library decodes it, which proves it is an image).
public protocol PosterEncoder: Sendable {
    /// The picture decoded (at most `maximumDimension` pixels a side) and encoded as a JPEG at the poster size.
    /// Throws `PosterError`.
    func poster(from bytes: [UInt8], format: ImageFormat) async throws -> [UInt8]
}
