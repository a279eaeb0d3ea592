import Domain
import Foundation
import Hummingbird

struct UsageResponse: ResponseEncodable {
    var usedBytes: Int64
    var quotaBytes: Int64
    var remainingBytes: Int64

    init(_ usage: StorageUsage) {
        usedBytes = usage.usedBytes
        quotaBytes = usage.quotaBytes
        remainingBytes = usage.remainingBytes
    }
}
