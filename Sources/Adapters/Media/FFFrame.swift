import CFFmpeg
import Domain

/// An AVFrame / AVPacket owned by Swift.
final class FFFrame {
    var pointer: UnsafeMutablePointer<AVFrame>?
    init() throws {
        guard let frame = av_frame_alloc() else { throw FF.internalError("out of memory") }
        pointer = frame
    }
    deinit { av_frame_free(&pointer) }
    var frame: UnsafeMutablePointer<AVFrame> { pointer! }
}
