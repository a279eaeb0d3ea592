import CFFmpeg
import Domain

/// A scaler from one frame geometry and format to another (bicubic, like the `scale` filter's default).
final class FFScaler {
    let context: OpaquePointer
    let width: Int32, height: Int32, format: AVPixelFormat
    let sourceWidth: Int32, sourceHeight: Int32, sourceFormat: Int32

    init(from source: UnsafePointer<AVFrame>, width: Int32, height: Int32, format: AVPixelFormat) throws {
        sourceWidth = source.pointee.width
        sourceHeight = source.pointee.height
        sourceFormat = source.pointee.format
        guard
            let ctx = sws_getContext(
                source.pointee.width, source.pointee.height, AVPixelFormat(rawValue: source.pointee.format), width, height, format,
                SWS_BICUBIC, nil, nil, nil)
        else { throw FF.internalError("cannot scale \(source.pointee.width)x\(source.pointee.height)") }
        context = ctx
        self.width = width
        self.height = height
        self.format = format
    }

    deinit { sws_freeContext(context) }

    /// False when the source changed size or format mid-stream (a new scaler is needed).
    func accepts(_ source: UnsafePointer<AVFrame>) -> Bool {
        source.pointee.width == sourceWidth && source.pointee.height == sourceHeight && source.pointee.format == sourceFormat
    }

    /// A new frame holding `source` scaled.
    func scale(_ source: UnsafePointer<AVFrame>) throws -> FFFrame {
        let out = try FFFrame()
        out.frame.pointee.width = width
        out.frame.pointee.height = height
        out.frame.pointee.format = format.rawValue
        try FF.check(av_frame_get_buffer(out.frame, 0), "frame buffer")
        try FF.check(sws_scale_frame(context, out.frame, source), "scale")
        return out
    }
}

/// Rotates an 8-bit 4:2:0 frame clockwise by 90, 180 or 270 degrees (a new frame; 0 returns the input).
func rotated(_ input: FFFrame, clockwise degrees: Int) throws -> FFFrame {
    guard degrees != 0 else { return input }
    let src = input.frame
    let out = try FFFrame()
    let swap = degrees == 90 || degrees == 270
    out.frame.pointee.width = swap ? src.pointee.height : src.pointee.width
    out.frame.pointee.height = swap ? src.pointee.width : src.pointee.height
    out.frame.pointee.format = src.pointee.format
    try FF.check(av_frame_get_buffer(out.frame, 0), "frame buffer")
    zv_rotate_yuv420p(src, out.frame, Int32(degrees))
    return out
}

/// Encodes one picture (yuvj420p) as a JPEG.
func encodeJPEG(_ picture: FFFrame, quality: Int32 = 3) throws -> [UInt8] {
    guard let encoder = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else {
        throw FF.internalError("no JPEG encoder")
    }
    let codec = try FFCodec(encoder)
    let ctx = codec.context
    ctx.pointee.width = picture.frame.pointee.width
    ctx.pointee.height = picture.frame.pointee.height
    ctx.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
    ctx.pointee.time_base = AVRational(num: 1, den: 25)
    ctx.pointee.flags |= AV_CODEC_FLAG_QSCALE
    ctx.pointee.global_quality = FF_QP2LAMBDA * quality
    try FF.check(avcodec_open2(ctx, encoder, nil), "JPEG encoder")
    picture.frame.pointee.quality = FF_QP2LAMBDA * quality
    picture.frame.pointee.pts = 0
    try FF.check(avcodec_send_frame(ctx, picture.frame), "JPEG encode")
    try FF.check(avcodec_send_frame(ctx, nil), "JPEG flush")
    let packet = try FFPacket()
    var bytes: [UInt8] = []
    while avcodec_receive_packet(ctx, packet.packet) >= 0 {
        let p = packet.packet.pointee
        if let data = p.data { bytes += UnsafeBufferPointer(start: data, count: Int(p.size)) }
        av_packet_unref(packet.packet)
    }
    guard !bytes.isEmpty else { throw FF.internalError("empty JPEG") }
    return bytes
}
