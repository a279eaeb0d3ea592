import Domain
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// `RateLimit-*` headers (IETF draft) for a window's state.
enum RateLimitHeaders {
    static let limit = HTTPField.Name("RateLimit-Limit")!
    static let remaining = HTTPField.Name("RateLimit-Remaining")!
    static let reset = HTTPField.Name("RateLimit-Reset")!

    static func fields(_ status: RateLimitStatus) -> HTTPFields {
        [limit: String(status.limit), remaining: String(status.remaining), reset: String(status.resetSeconds)]
    }
}
