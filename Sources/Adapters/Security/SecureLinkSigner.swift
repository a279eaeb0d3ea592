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
        let seconds = String(Int64(expires.timeIntervalSince1970.rounded(.down)))
        // The signed text's bytes appended into one buffer (an interpolated string showed up per manifest request:
        // an MPD signs each of its representations).
        var text: [UInt8] = []
        text.reserveCapacity(seconds.utf8.count + 40 + 20 + secret.utf8.count)
        text.append(contentsOf: seconds.utf8)
        text.append(UInt8(ascii: "|"))
        text.append(contentsOf: videoId.lowercasedString.utf8)
        text.append(UInt8(ascii: "|"))
        text.append(contentsOf: String(representationId).utf8)
        text.append(UInt8(ascii: "|"))
        text.append(contentsOf: secret.utf8)
        let digest = Insecure.MD5.hash(data: text)
        return "md5=" + Base64URL.encode(Data(digest)) + "&expires=" + seconds
    }

    /// A secret that can be written into an nginx configuration string as it is.
    public static func isUsableSecret(_ secret: String) -> Bool {
        (16...256).contains(secret.utf8.count)
            && secret.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }
}
