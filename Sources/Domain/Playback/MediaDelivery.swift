#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a request for one file of a published package is answered.
public enum MediaDelivery: Sendable {
    /// A manifest, rewritten for this grant: child URLs carry the stream's token and list only granted renditions.
    /// It is private to the stream (it carries its token).
    case manifest(ManifestKind, key: ObjectKey, grant: MediaGrant)
    /// The client's copy is current: no body.
    case notModified(ObjectInfo)
    /// The requested range lies outside the object.
    case unsatisfiable(ObjectInfo)
    /// The object's bytes, all of them (`part` nil) or one range; package files never change once published, so
    /// any cache may keep them for good.
    case content(ObjectInfo, part: ClosedRange<Int64>?, from: MediaSource)
    /// The client fetches the object from storage itself, by a short-lived presigned URL.
    case redirect(url: String)
}
