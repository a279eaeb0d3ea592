#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An account's public face: its handle, name, description and how many videos it lists for the caller.
public struct Channel: Sendable, Equatable {
    public var id: UUID
    public var handle: String?
    public var displayName: String
    public var description: String
    public var videoCount: Int
    public var createdAt: Date

    public init(id: UUID, handle: String?, displayName: String, description: String, videoCount: Int, createdAt: Date) {
        self.id = id
        self.handle = handle
        self.displayName = displayName
        self.description = description
        self.videoCount = videoCount
        self.createdAt = createdAt
    }
}
