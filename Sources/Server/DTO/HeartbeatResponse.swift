import Domain
import Foundation
import Hummingbird
import UseCases

/// `{"nextHeartbeatSeconds":30}`. The hottest response of the API (every player, every interval) is written directly
/// rather than through JSONEncoder; the bytes are what the encoder would write.
struct HeartbeatResponse: ResponseGenerator {
    var nextHeartbeatSeconds: Double

    static let contentType = "application/json; charset=utf-8"

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The body, written directly (one number).
    var json: String {
        let seconds = nextHeartbeatSeconds
        let number = seconds.isFinite && seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : "\(seconds)"
        return #"{"nextHeartbeatSeconds":"# + number + "}"
    }
}
