#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A file set of a package a media token opens: a rendition (or the audio) by its DASH representation id and
/// its name (`720p`, `audio`).
public struct GrantedRendition: Sendable, Equatable {
    public var representationId: Int
    public var name: String

    public init(representationId: Int, name: String) {
        self.representationId = representationId
        self.name = name
    }
}
