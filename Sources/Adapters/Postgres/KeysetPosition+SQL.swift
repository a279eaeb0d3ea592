import Domain
import Foundation

extension KeysetPosition {
    /// `createdAt` in whole microseconds since 1970, PostgreSQL's timestamp precision, for keyset comparisons.
    var microseconds: Int64 { Int64((createdAt.timeIntervalSince1970 * 1_000_000).rounded()) }
}
