#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The query a child URL of a rewritten manifest carries: the media token, and, in the secure-link mode, for a
/// representation's init and segments also a signature a front proxy (nginx `secure_link`) checks by itself.
public struct ChildQuery: Sendable {
    public let token: String
    /// `md5=...&expires=...` for a representation id, when the secure-link mode is on.
    public let secureLink: (@Sendable (Int) -> String)?

    public init(token: String, secureLink: (@Sendable (Int) -> String)? = nil) {
        self.token = token
        self.secureLink = secureLink
    }

    /// For a child file named in a manifest.
    public func forFile(_ name: String) -> String {
        if case .representation(let id)? = MediaFile(name: name) { return forRepresentation(id) }
        return "token=" + token
    }

    /// For a representation's files (nil: a file outside any representation).
    public func forRepresentation(_ id: Int?) -> String {
        guard let id, let secureLink else { return "token=" + token }
        return "token=" + token + "&" + secureLink(id)
    }
}
