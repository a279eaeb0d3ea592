import CFFmpeg
import Domain

final class FFPacket {
    var pointer: UnsafeMutablePointer<AVPacket>?
    init() throws {
        guard let packet = av_packet_alloc() else { throw FF.internalError("out of memory") }
        pointer = packet
    }
    deinit { av_packet_free(&pointer) }
    var packet: UnsafeMutablePointer<AVPacket> { pointer! }
}
