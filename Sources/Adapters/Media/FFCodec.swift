import CFFmpeg
import Domain

/// A codec context (decoder or encoder), freed on deinit.
final class FFCodec {
    var pointer: UnsafeMutablePointer<AVCodecContext>?

    init(_ codec: UnsafePointer<AVCodec>) throws {
        guard let ctx = avcodec_alloc_context3(codec) else {
            throw FF.internalError("out of memory")
        }
        pointer = ctx
    }

    deinit { avcodec_free_context(&pointer) }

    var context: UnsafeMutablePointer<AVCodecContext> { pointer! }
}
