import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when behind a trusted proxy.
enum ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    static func of(_ request: Request, context: AppRequestContext, trustProxy: Bool) -> String {
        if trustProxy, let forwarded = request.headers[forwardedFor]?.split(separator: ",").first {
            let hop = forwarded.trimmingOWS
            if !hop.isEmpty && hop.utf8.count <= 64 { return String(hop) }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}
