#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stored manifest rewritten once for one shape of grant (its renditions, and whether child URLs carry secure-link
/// signatures), with placeholders where each stream's token and signatures go: what a stream gets is then the same
/// bytes with its own strings in those places, instead of the manifest parsed and rebuilt line by line per request
/// (a two-hour film's media playlist has some 1,800 segment lines).
///
/// It is built by `ManifestRewriter` itself, given placeholder strings for the token and the signatures, so the
/// rendering is the rewriter's output by construction: the rewriter's choices depend on the stored text and the
/// grant's renditions, never on the token's characters. A stored text holding a placeholder's control characters
/// (never the transcoder's) gets no template (`init` returns nil) and is rewritten directly.
public struct ManifestTemplate: Sendable {
    enum Piece: Sendable, Equatable {
        case bytes([UInt8])
        case token
        /// The secure-link query of a representation.
        case signature(Int)
    }

    public let kind: ManifestKind
    let pieces: [Piece]
    /// Bytes of the literal pieces (a rendering's size without the token and signatures).
    public let literalBytes: Int
    let tokens: Int
    let signatures: Int

    private static let tokenMark: UInt8 = 0x01
    private static let signatureStart: UInt8 = 0x02
    private static let signatureEnd: UInt8 = 0x03

    /// The template of `text` for grants opening exactly `grant`'s renditions; `secureLink` when child URLs carry
    /// secure-link signatures. Nil when the text holds a placeholder character.
    public init?(rewriting text: String, kind: ManifestKind, grant: MediaGrant, secureLink: Bool) {
        guard !text.utf8.contains(where: { $0 == Self.tokenMark || $0 == Self.signatureStart || $0 == Self.signatureEnd }) else {
            return nil
        }
        let start = String(decoding: [Self.signatureStart], as: UTF8.self)
        let end = String(decoding: [Self.signatureEnd], as: UTF8.self)
        var signer: (@Sendable (Int) -> String)?
        if secureLink { signer = { id in start + String(id) + end } }
        let marks = ChildQuery(token: String(decoding: [Self.tokenMark], as: UTF8.self), secureLink: signer)
        let marked = Array(ManifestRewriter.rewrite(text, kind: kind, grant: grant, query: marks).utf8)
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var literalBytes = 0
        var tokens = 0
        var signatures = 0
        func flush() {
            guard !literal.isEmpty else { return }
            literalBytes += literal.count
            pieces.append(.bytes(literal))
            literal = []
        }
        var index = 0
        while index < marked.count {
            let byte = marked[index]
            if byte == Self.tokenMark {
                flush()
                pieces.append(.token)
                tokens += 1
                index += 1
            } else if byte == Self.signatureStart {
                guard let end = marked[index...].firstIndex(of: Self.signatureEnd),
                    let id = Int(String(decoding: marked[(index + 1)..<end], as: UTF8.self))
                else { return nil }
                flush()
                pieces.append(.signature(id))
                signatures += 1
                index = end + 1
            } else {
                literal.append(byte)
                index += 1
            }
        }
        flush()
        self.kind = kind
        self.pieces = pieces
        self.literalBytes = literalBytes
        self.tokens = tokens
        self.signatures = signatures
    }

    /// The manifest for one stream: `query`'s token and signatures in their places (escaped for XML in an MPD, as
    /// the rewriter escapes them in attributes).
    public func render(_ query: ChildQuery) -> [UInt8] {
        let xml = kind == .dash
        let token = Self.escaped(Array(query.token.utf8), xml: xml)
        var signed: [Int: [UInt8]] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(literalBytes + tokens * token.count + signatures * 64)
        for piece in pieces {
            switch piece {
            case .bytes(let bytes):
                out.append(contentsOf: bytes)
            case .token:
                out.append(contentsOf: token)
            case .signature(let id):
                if let bytes = signed[id] {
                    out.append(contentsOf: bytes)
                } else {
                    let bytes = Self.escaped(Array((query.secureLink?(id) ?? "").utf8), xml: xml)
                    signed[id] = bytes
                    out.append(contentsOf: bytes)
                }
            }
        }
        return out
    }

    /// `&` as `&amp;` when `xml`.
    static func escaped(_ bytes: [UInt8], xml: Bool) -> [UInt8] {
        guard xml, bytes.contains(UInt8(ascii: "&")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            if byte == UInt8(ascii: "&") { out.append(contentsOf: Array("&amp;".utf8)) } else { out.append(byte) }
        }
        return out
    }

    /// What grants share a template: the renditions they open (ids and names, in order) and the secure-link mode.
    public static func shape(of grant: MediaGrant, secureLink: Bool) -> String {
        var shape = secureLink ? "s" : "t"
        for rendition in grant.renditions {
            shape += "|" + String(rendition.representationId) + ":" + rendition.name
        }
        return shape
    }
}
