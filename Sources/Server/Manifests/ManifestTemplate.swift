import Domain
import Foundation

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
    /// A place in the literal bytes where a stream's string goes: before `literal[offset]`, fill `fill` (0 is the
    /// token, `i` > 0 the signature of `signed[i - 1]`). A flat layout: rendering walks plain integers, with no
    /// reference to retain per piece (a two-hour film's playlist has ~1,800 of them in each mode).
    struct Slot: Sendable {
        var offset: Int
        var fill: Int
    }

    public let kind: ManifestKind
    /// Every literal byte, in order.
    let literal: [UInt8]
    let slots: [Slot]
    /// The representation ids whose signatures the template holds, in the order they first appear.
    let signed: [Int]
    /// Slots per fill: the token's, then each signature's.
    let uses: [Int]
    /// Literal bytes (a rendering's size without the token and signatures).
    public var literalBytes: Int { literal.count }

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
        var literal: [UInt8] = []
        literal.reserveCapacity(marked.count)
        var slots: [Slot] = []
        var signed: [Int] = []
        var uses = [0]
        var index = 0
        while index < marked.count {
            let byte = marked[index]
            if byte == Self.tokenMark {
                slots.append(Slot(offset: literal.count, fill: 0))
                uses[0] += 1
                index += 1
            } else if byte == Self.signatureStart {
                guard let end = marked[index...].firstIndex(of: Self.signatureEnd),
                    let id = Int(String(decoding: marked[(index + 1)..<end], as: UTF8.self))
                else { return nil }
                let fill: Int
                if let known = signed.firstIndex(of: id) {
                    fill = known + 1
                } else {
                    signed.append(id)
                    uses.append(0)
                    fill = signed.count
                }
                slots.append(Slot(offset: literal.count, fill: fill))
                uses[fill] += 1
                index = end + 1
            } else {
                literal.append(byte)
                index += 1
            }
        }
        self.kind = kind
        self.literal = literal
        self.slots = slots
        self.signed = signed
        self.uses = uses
    }

    /// One stream's strings for a template, made before its bytes: the rendering's size is known up front (for
    /// `Content-Length`, and to write it once into a buffer that has room for it).
    public struct Filling: Sendable {
        /// The token, then each signature, as they go into the manifest (escaped for XML in an MPD).
        public let bytes: [UInt8]
        /// Where each fill ends in `bytes`.
        public let ends: [Int]
        /// The rendering's size in bytes.
        public let count: Int
    }

    /// `query`'s token and signatures (each signature made once, however often it goes in), escaped for XML in an
    /// MPD as the rewriter escapes them in attributes.
    public func filling(_ query: ChildQuery) -> Filling {
        let xml = kind == .dash
        var bytes = Self.escaped(Array(query.token.utf8), xml: xml)
        var ends = [bytes.count]
        ends.reserveCapacity(signed.count + 1)
        var count = literal.count + uses[0] * bytes.count
        for (offset, id) in signed.enumerated() {
            let signature = Self.escaped(Array((query.secureLink?(id) ?? "").utf8), xml: xml)
            bytes.append(contentsOf: signature)
            ends.append(bytes.count)
            count += uses[offset + 1] * signature.count
        }
        return Filling(bytes: bytes, ends: ends, count: count)
    }

    /// Writes the manifest for `filling`'s stream at the start of `destination` and returns its size (nothing, and
    /// 0, when `destination` is smaller than `filling.count` or `filling` was made by another template). Straight
    /// copies: a two-hour film's playlist is ~3,600 pieces, and writing each through a buffer's append (capacity,
    /// uniqueness and exclusivity checks per piece) cost several times the copying itself.
    public func render(_ filling: Filling, into destination: UnsafeMutableRawBufferPointer) -> Int {
        guard destination.count >= filling.count, let target = destination.baseAddress, fits(filling) else { return 0 }
        var written = 0
        literal.withUnsafeBytes { literal in
            filling.bytes.withUnsafeBytes { fills in
                func copy(_ source: UnsafeRawBufferPointer, _ range: Range<Int>) {
                    guard !range.isEmpty, let from = source.baseAddress else { return }
                    (target + written).copyMemory(from: from + range.lowerBound, byteCount: range.count)
                    written += range.count
                }
                var start = 0
                for slot in slots {
                    copy(literal, start..<slot.offset)
                    start = slot.offset
                    copy(fills, (slot.fill == 0 ? 0 : filling.ends[slot.fill - 1])..<filling.ends[slot.fill])
                }
                copy(literal, start..<literal.count)
            }
        }
        return written
    }

    /// Whether `filling` was made for a template of this layout: its fills are this template's, and what they and the
    /// literal bytes add up to is its `count` (so the copies stay within a destination of that size).
    private func fits(_ filling: Filling) -> Bool {
        guard filling.ends.count == uses.count else { return false }
        var count = literal.count
        var start = 0
        for (fill, end) in filling.ends.enumerated() {
            guard end >= start, end <= filling.bytes.count else { return false }
            count += uses[fill] * (end - start)
            start = end
        }
        return count == filling.count
    }

    /// The manifest for one stream: `query`'s token and signatures in their places.
    public func render(_ query: ChildQuery) -> [UInt8] {
        let filling = filling(query)
        return [UInt8](unsafeUninitializedCapacity: filling.count) { buffer, count in
            count = render(filling, into: UnsafeMutableRawBufferPointer(buffer))
        }
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
