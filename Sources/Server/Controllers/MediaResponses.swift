import Domain
import HTTPTypes
import Hummingbird

/// The header fields of media answers, and the `Range` header's reading.
enum MediaResponses {
    /// Package files never change once published.
    static let immutable = "public, max-age=31536000, immutable"
    /// Rewritten manifests carry the stream's token: cacheable by the player, not by shared caches.
    static let manifestCache = "private, max-age=3600"
    /// A presigned storage URL is short-lived and the viewer's own.
    static let redirectCache = "private, max-age=300"

    /// A rewritten manifest's answer: 200 with the manifest, or 304 without a body (none is made) when `ifNoneMatch`
    /// matches.
    static func rewritten(
        _ manifest: RenderedManifest, kind: ManifestKind, ifNoneMatch: String?
    )
        -> (HTTPResponse.Status, HTTPFields, RenderedManifest?)
    {
        var headers = HTTPFields()
        headers.reserveCapacity(10)
        headers.append(HTTPField(name: .contentType, value: kind.contentType))
        headers.append(HTTPField(name: .eTag, value: manifest.etag))
        headers.append(HTTPField(name: .cacheControl, value: manifestCache))
        if EntityTagCondition(ifNoneMatch: ifNoneMatch)?.isCurrent(manifest.etag) == true { return (.notModified, headers, nil) }
        headers.append(HTTPField(name: .contentLength, value: String(manifest.count)))
        return (.ok, headers, manifest)
    }

    /// The fields of an answer about a stored object: 200 (`part` nil), 206, 304 or 416.
    static func objectFields(_ info: ObjectInfo, status: HTTPResponse.Status, part: ClosedRange<Int64>?) -> HTTPFields {
        var headers = HTTPFields()
        headers.reserveCapacity(10)
        headers.append(HTTPField(name: .contentType, value: info.key.contentType))
        headers.append(HTTPField(name: .eTag, value: info.etag))
        if status != .rangeNotSatisfiable { headers.append(HTTPField(name: .cacheControl, value: immutable)) }
        headers.append(HTTPField(name: .acceptRanges, value: "bytes"))
        switch status {
        case .notModified:
            break
        case .rangeNotSatisfiable:
            headers.append(HTTPField(name: .contentRange, value: "bytes */\(info.size)"))
        default:
            if let part {
                headers.append(HTTPField(name: .contentRange, value: "bytes \(part.lowerBound)-\(part.upperBound)/\(info.size)"))
                headers.append(HTTPField(name: .contentLength, value: String(part.upperBound - part.lowerBound + 1)))
            } else {
                headers.append(HTTPField(name: .contentLength, value: String(info.size)))
            }
        }
        return headers
    }

    /// One `bytes=` range (`a-b`, `a-`, `-n`); nil for anything else, which is then ignored (RFC 9110 §14.2).
    static func parseRange(_ header: String) -> ByteRange? {
        var header = header
        return header.withUTF8 { parseRange(bytes: $0[...]) }
    }

    private static func parseRange(bytes header: Slice<UnsafeBufferPointer<UInt8>>) -> ByteRange? {
        let prefix: StaticString = "bytes="
        guard header.count <= 64, header.count >= prefix.utf8CodeUnitCount,
            prefix.withUTF8Buffer({ header.starts(with: $0) })
        else { return nil }
        let spec = header.dropFirst(prefix.utf8CodeUnitCount).trimmingOWS
        guard !spec.contains(UInt8(ascii: ",")), let dash = spec.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let first = number(spec[..<dash])
        let last = number(spec[(dash + 1)...])
        switch (spec.startIndex == dash, dash + 1 == spec.endIndex) {
        case (true, false):
            guard let count = last else { return nil }
            return .suffix(count)
        case (false, true):
            guard let start = first else { return nil }
            return .from(start)
        case (false, false):
            guard let start = first, let end = last, end >= start else { return nil }
            return .bounded(first: start, last: end)
        case (true, true):
            return nil
        }
    }

    /// 1 to 18 ASCII digits (so the value fits in `Int64`).
    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }
}
