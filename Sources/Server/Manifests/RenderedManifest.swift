import Crypto
import Domain
import NIOCore

/// A manifest rewritten for one stream, ready to answer with: its size and `ETag` are known before its bytes are
/// made, so a `304` makes none, and a `200` writes them once, straight into the buffer that goes out.
///
/// The `ETag` of a templated manifest is a digest of what determines its bytes: the stored text's digest (taken once
/// when the text is cached), the manifest kind, the grant's shape and the stream's fill-ins (token and signatures).
/// Hashing the body instead cost a SHA-256 pass over every byte of every playlist request: for a two-hour film's
/// media playlist (~1,800 segment URLs carrying the token, ~0.5 MB) that was a quarter of the request's CPU.
struct RenderedManifest {
    enum Source {
        case template(ManifestTemplate, ManifestTemplate.Filling)
        /// Rewritten directly (a text holding a template's placeholder characters).
        case bytes([UInt8])
    }

    let source: Source
    /// The strong validator, quoted.
    let etag: String

    /// The manifest at `text` (whose SHA-256 is `digest`) for `grant` and `query`, from `template` when given,
    /// else from a template made now, else (a text no template can be made of) rewritten directly.
    init(
        text: String, digest: SHA256Digest, kind: ManifestKind, grant: MediaGrant, query: ChildQuery, shape: String,
        template: ManifestTemplate?
    ) {
        let secureLink = query.secureLink != nil
        if let template = template ?? ManifestTemplate(rewriting: text, kind: kind, grant: grant, secureLink: secureLink) {
            self.init(template: template, digest: digest, shape: shape, query: query)
        } else {
            let bytes = Array(ManifestRewriter.rewrite(text, kind: kind, grant: grant, query: query).utf8)
            self.init(source: .bytes(bytes), etag: Self.quoted(SHA256.hash(data: bytes)))
        }
    }

    /// The manifest at `text` for `grant` and `query` when no cache holds the text: the bytes and `ETag` the cache
    /// gives for the same text.
    init(text: String, kind: ManifestKind, grant: MediaGrant, query: ChildQuery) {
        self.init(
            text: text, digest: Self.digest(of: text), kind: kind, grant: grant, query: query,
            shape: ManifestTemplate.shape(of: grant, secureLink: query.secureLink != nil), template: nil)
    }

    /// The stored text's digest that its manifests' `ETag`s start from.
    static func digest(of text: String) -> SHA256Digest {
        SHA256.hash(data: Array(text.utf8))
    }

    init(template: ManifestTemplate, digest: SHA256Digest, shape: String, query: ChildQuery) {
        let filling = template.filling(query)
        var hasher = SHA256()
        hasher.update(data: Array("zviewer-manifest-v1".utf8))
        digest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.update(data: [Self.kindByte(template.kind)])
        Self.update(&hasher, field: Array(shape.utf8))
        // Each fill's length goes in before the bytes, so the same concatenation split differently differs.
        var start = 0
        for end in filling.ends {
            Self.update(&hasher, field: Array(filling.bytes[start..<end]))
            start = end
        }
        self.init(source: .template(template, filling), etag: Self.quoted(hasher.finalize()))
    }

    private init(source: Source, etag: String) {
        self.source = source
        self.etag = etag
    }

    /// The manifest's size in bytes.
    var count: Int {
        switch source {
        case .template(_, let filling): filling.count
        case .bytes(let bytes): bytes.count
        }
    }

    /// Appends the manifest's bytes.
    func write(into buffer: inout ByteBuffer) {
        switch source {
        case .template(let template, let filling):
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: filling.count) { template.render(filling, into: $0) }
        case .bytes(let bytes):
            buffer.writeBytes(bytes)
        }
    }

    /// The manifest as a buffer of its own.
    func buffer(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: count)
        write(into: &buffer)
        return buffer
    }

    /// The manifest's bytes.
    var bytes: [UInt8] {
        switch source {
        case .template(let template, let filling):
            return [UInt8](unsafeUninitializedCapacity: filling.count) { buffer, count in
                count = template.render(filling, into: UnsafeMutableRawBufferPointer(buffer))
            }
        case .bytes(let bytes):
            return bytes
        }
    }

    private static func update(_ hasher: inout SHA256, field: [UInt8]) {
        var length = UInt64(field.count).bigEndian
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(data: field)
    }

    private static func kindByte(_ kind: ManifestKind) -> UInt8 {
        switch kind {
        case .hlsMaster: 1
        case .hlsMedia: 2
        case .dash: 3
        case .storyboardTrack: 4
        }
    }

    /// The first 12 bytes of a digest in hex, quoted: the form manifests' `ETag`s have always had.
    private static func quoted(_ digest: SHA256Digest) -> String {
        "\"" + digest.prefix(12).hex + "\""
    }
}
