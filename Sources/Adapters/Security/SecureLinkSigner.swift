import Crypto
import Domain
import Foundation

/// Signatures in the form nginx's `secure_link` module checks, for a front proxy that serves a representation's init
/// and segments straight from disk (sendfile) without asking zviewer: `md5=<base64url(MD5(text))>&expires=<unix s>`
/// where text is `<expires>|<video id>|<representation id>|<secret>`. The nginx side is in the README
/// (`secure_link $arg_md5,$arg_expires; secure_link_md5 "$secure_link_expires|$zv_video|$zv_rep|<secret>";`). MD5
/// is what the module offers; the signature covers one representation of one video until the stream's token expires.
public struct SecureLinkSigner: Sendable {
    let secret: String

    public init(secret: String) {
        self.secret = secret
    }

    /// The query for a representation's files.
    public func query(videoId: UUID, representationId: Int, expires: Date) -> String {
        signer(videoId: videoId, expires: expires)(representationId)
    }

    /// The queries of one stream's representations. The stream's part of the signed text (expiry and video id) and
    /// the query's tail are made once, not per representation: an MPD signs each of its representations, and making
    /// the strings each time cost several times the MD5 itself.
    public func signer(videoId: UUID, expires: Date) -> @Sendable (Int) -> String {
        let seconds = Array(String(Int64(expires.timeIntervalSince1970.rounded(.down))).utf8)
        let head = seconds + [UInt8(ascii: "|")] + Array(videoId.lowercasedString.utf8) + [UInt8(ascii: "|")]
        let secret = [UInt8(ascii: "|")] + Array(self.secret.utf8)
        let tail = Array("&expires=".utf8) + seconds
        let lead = Array("md5=".utf8)
        return { representationId in
            var text = head
            text.reserveCapacity(head.count + 20 + secret.count)
            text.append(contentsOf: String(representationId).utf8)
            text.append(contentsOf: secret)
            let digest = Insecure.MD5.hash(data: text)
            return digest.withUnsafeBytes { digest in
                String(unsafeUninitializedCapacity: lead.count + Base64URL.encodedCount(digest.count) + tail.count) { out in
                    var index = 0
                    for byte in lead {
                        out[index] = byte
                        index += 1
                    }
                    index += Base64URL.encode(digest, into: UnsafeMutableBufferPointer(rebasing: out[index...]))
                    for byte in tail {
                        out[index] = byte
                        index += 1
                    }
                    return index
                }
            }
        }
    }

    /// A secret that can be written into an nginx configuration string as it is.
    public static func isUsableSecret(_ secret: String) -> Bool {
        (16...256).contains(secret.utf8.count)
            && secret.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D || $0 == 0x5F
            }
    }
}
