import CFFmpeg
import Domain

/// Helpers over FFmpeg's C API. Everything here runs synchronously on the calling thread; C pointers never leave
/// the object that owns them.
enum FF {
    static let eof = zv_averror_eof()
    static let again = zv_averror_eagain()
    static let noPTS = zv_nopts_value()

    static func message(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        zv_strerror(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A failure of a libav call: transient (not the file's fault) unless said otherwise.
    static func failure(_ what: String, _ code: Int32, code reason: String = "transcode_failed", permanent: Bool = false) -> MediaError {
        MediaError(code: reason, message: "\(what): \(message(code))", permanent: permanent)
    }

    /// A failure that is not the file's fault (out of memory, a missing codec): the attempt is retried.
    static func internalError(_ message: String) -> MediaError {
        MediaError(code: "transcode_failed", message: message, permanent: false)
    }

    @discardableResult
    static func check(_ code: Int32, _ what: String) throws -> Int32 {
        if code < 0 { throw failure(what, code) }
        return code
    }

    static func seconds(_ value: Int64, _ base: AVRational) -> Double {
        guard value != noPTS, base.den != 0 else { return 0 }
        return Double(value) * Double(base.num) / Double(base.den)
    }

    static func double(_ rational: AVRational) -> Double {
        rational.den == 0 ? 0 : Double(rational.num) / Double(rational.den)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// An AVDictionary built from Swift pairs; the caller frees it with `av_dict_free`.
    static func dictionary(_ pairs: [(String, String)]) -> OpaquePointer? {
        var dict: OpaquePointer?
        for (key, value) in pairs { av_dict_set(&dict, key, value, 0) }
        return dict
    }

    static func layoutName(_ layout: UnsafePointer<AVChannelLayout>) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        guard av_channel_layout_describe(layout, &buffer, buffer.count) >= 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Demuxers accepted for uploads: real video containers only. No playlists (hls, concat), no images, no
    /// devices, no "tty" (any text would become video): each demuxer is attack surface.
    static let allowedFormats =
        "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,mpeg,flv,asf,ogg,mxf,yuv4mpegpipe,h264,hevc,m4v,dv,nut,wav,mp3,aac,flac"
    /// Decoders accepted (video and audio); everything else is refused before it touches a byte.
    static let allowedVideoDecoders = [
        "h264", "hevc", "vp8", "vp9", "libdav1d", "av1", "mpeg4", "mpeg2video", "mpeg1video", "mjpeg", "prores", "dnxhd",
        "theora", "rawvideo", "wmv3", "vc1", "msmpeg4", "msmpeg4v2", "h263", "flv", "dvvideo", "ffv1",
    ]
    static let allowedAudioDecoders = [
        "aac", "aac_fixed", "mp3", "mp3float", "mp2", "mp2float", "opus", "libopus", "vorbis", "ac3", "ac3_fixed", "eac3",
        "flac", "alac", "wmav2", "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_u8", "pcm_mulaw",
        "pcm_alaw", "dts", "truehd",
    ]
    /// Largest frame decoded (8192 x 8192).
    static let maxPixels: Int64 = 8192 * 8192
}

/// An opened input file: the demuxer context, freed on deinit. Only `file:` is allowed as a protocol, so a
/// playlist inside an upload cannot make the server read other files or the network.
final class FFInput {
    var context: UnsafeMutablePointer<AVFormatContext>?

    init(path: String) throws {
        var options = FF.dictionary([
            ("protocol_whitelist", "file"), ("format_whitelist", FF.allowedFormats), ("probesize", "\(20 << 20)"),
            ("analyzeduration", "\(20 * 1_000_000)"),
        ])
        defer { av_dict_free(&options) }
        var context = avformat_alloc_context()
        guard context != nil else { throw FF.internalError("out of memory") }
        let opened = avformat_open_input(&context, path, nil, &options)
        guard opened >= 0, let context else {
            throw FF.failure("not a readable media file", opened, code: "invalid_media", permanent: true)
        }
        self.context = context
        let info = avformat_find_stream_info(context, nil)
        if info < 0 { throw FF.failure("cannot read the streams", info, code: "invalid_media", permanent: true) }
    }

    deinit { avformat_close_input(&context) }

    var formatContext: UnsafeMutablePointer<AVFormatContext> { context! }

    var streams: [UnsafeMutablePointer<AVStream>] {
        let ctx = formatContext
        return (0..<Int(ctx.pointee.nb_streams)).compactMap { ctx.pointee.streams[$0] }
    }

    var durationSeconds: Double {
        let ctx = formatContext
        if ctx.pointee.duration != FF.noPTS, ctx.pointee.duration > 0 { return Double(ctx.pointee.duration) / Double(AV_TIME_BASE) }
        return streams.map { FF.seconds($0.pointee.duration, $0.pointee.time_base) }.max() ?? 0
    }

    /// Start of the presentation (seconds), to make output timestamps begin at zero.
    var startSeconds: Double {
        let ctx = formatContext
        return ctx.pointee.start_time == FF.noPTS ? 0 : Double(ctx.pointee.start_time) / Double(AV_TIME_BASE)
    }

    /// The first video stream that is a real moving picture (not cover art) with an allowed decoder.
    var videoStream: UnsafeMutablePointer<AVStream>? {
        streams.first { stream in
            let par = stream.pointee.codecpar!
            guard par.pointee.codec_type == AVMEDIA_TYPE_VIDEO,
                  stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0,
                  let decoder = avcodec_find_decoder(par.pointee.codec_id),
                  FF.allowedVideoDecoders.contains(String(cString: decoder.pointee.name))
            else { return false }
            return true
        }
    }

    var audioStream: UnsafeMutablePointer<AVStream>? {
        streams.first { stream in
            let par = stream.pointee.codecpar!
            guard par.pointee.codec_type == AVMEDIA_TYPE_AUDIO, par.pointee.ch_layout.nb_channels > 0,
                  par.pointee.sample_rate > 0, let decoder = avcodec_find_decoder(par.pointee.codec_id),
                  FF.allowedAudioDecoders.contains(String(cString: decoder.pointee.name))
            else { return false }
            return true
        }
    }

    /// The decoder of a stream, opened with the allowed decoders only and a frame size limit.
    func openDecoder(for stream: UnsafeMutablePointer<AVStream>, threads: Int) throws -> FFCodec {
        let par = stream.pointee.codecpar!
        guard let decoder = avcodec_find_decoder(par.pointee.codec_id) else {
            throw MediaError.unsupported("no decoder for stream \(stream.pointee.index)")
        }
        let codec = try FFCodec(decoder)
        let ctx = codec.context
        try FF.check(avcodec_parameters_to_context(ctx, par), "decoder parameters")
        ctx.pointee.pkt_timebase = stream.pointee.time_base
        ctx.pointee.thread_count = Int32(threads)
        let whitelist = (par.pointee.codec_type == AVMEDIA_TYPE_VIDEO ? FF.allowedVideoDecoders : FF.allowedAudioDecoders)
            .joined(separator: ",")
        var options = FF.dictionary([("codec_whitelist", whitelist), ("max_pixels", "\(FF.maxPixels)")])
        defer { av_dict_free(&options) }
        let opened = avcodec_open2(ctx, decoder, &options)
        if opened < 0 {
            throw FF.failure("cannot open the \(String(cString: decoder.pointee.name)) decoder", opened, code: "unsupported_media", permanent: true)
        }
        return codec
    }
}

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

final class FFPacket {
    var pointer: UnsafeMutablePointer<AVPacket>?
    init() throws {
        guard let packet = av_packet_alloc() else { throw FF.internalError("out of memory") }
        pointer = packet
    }
    deinit { av_packet_free(&pointer) }
    var packet: UnsafeMutablePointer<AVPacket> { pointer! }
}

/// An opened encoder and the muxer stream its packets go to (stream time base = encoder time base).
final class FFEncodedStream {
    let codec: FFCodec
    let stream: UnsafeMutablePointer<AVStream>
    let output: UnsafeMutablePointer<AVFormatContext>
    let label: String
    private let packet: FFPacket

    init(codec: FFCodec, output: UnsafeMutablePointer<AVFormatContext>, label: String) throws {
        self.codec = codec
        self.output = output
        self.label = label
        packet = try FFPacket()
        guard let stream = avformat_new_stream(output, nil) else { throw FF.internalError("cannot add a stream") }
        self.stream = stream
        try FF.check(avcodec_parameters_from_context(stream.pointee.codecpar, codec.context), "stream parameters")
        stream.pointee.time_base = codec.context.pointee.time_base
    }

    /// Encodes one frame and moves what the encoder has ready into the muxer.
    func send(_ frame: UnsafeMutablePointer<AVFrame>) throws {
        try FF.check(avcodec_send_frame(codec.context, frame), "encode \(label)")
        try writePending()
    }

    /// Moves every packet the encoder has ready into the muxer.
    func writePending() throws {
        while true {
            let received = avcodec_receive_packet(codec.context, packet.packet)
            if received == FF.again || received == FF.eof { return }
            try FF.check(received, "encode \(label)")
            packet.packet.pointee.stream_index = stream.pointee.index
            av_packet_rescale_ts(packet.packet, codec.context.pointee.time_base, stream.pointee.time_base)
            try FF.check(av_interleaved_write_frame(output, packet.packet), "write \(label)")
        }
    }

    /// Drains the encoder at the end.
    func finish() throws {
        avcodec_send_frame(codec.context, nil)
        try writePending()
    }
}

/// A scaler from one frame geometry and format to another (bicubic, like the `scale` filter's default).
final class FFScaler {
    let context: OpaquePointer
    let width: Int32, height: Int32, format: AVPixelFormat
    let sourceWidth: Int32, sourceHeight: Int32, sourceFormat: Int32

    init(from source: UnsafePointer<AVFrame>, width: Int32, height: Int32, format: AVPixelFormat) throws {
        sourceWidth = source.pointee.width
        sourceHeight = source.pointee.height
        sourceFormat = source.pointee.format
        guard let ctx = sws_getContext(
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

extension FFInput {
    /// Everything the pipeline and the API want to know about the file.
    func probe() -> MediaProbe {
        let ctx = formatContext
        var videos: [VideoStreamInfo] = []
        var audios: [AudioStreamInfo] = []
        let primaryVideo = videoStream.map { Int($0.pointee.index) }
        for stream in streams {
            let par = stream.pointee.codecpar!.pointee
            let codecName = FF.string(avcodec_get_name(par.codec_id)) ?? "unknown"
            let profile = FF.string(avcodec_profile_name(par.codec_id, par.profile))
            switch par.codec_type {
            case AVMEDIA_TYPE_VIDEO where stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0:
                let avg = FF.double(stream.pointee.avg_frame_rate)
                let base = FF.double(stream.pointee.r_frame_rate)
                let rotation = Int((-zv_stream_rotation(stream)).rounded())
                let info = VideoStreamInfo(
                    index: Int(stream.pointee.index), codec: codecName, profile: profile, width: Int(par.width),
                    height: Int(par.height), rotation: ((rotation % 360) + 360) % 360 / 90 * 90,
                    sampleAspectNumerator: Int(par.sample_aspect_ratio.num),
                    sampleAspectDenominator: Int(par.sample_aspect_ratio.den), frameRate: avg > 0 ? avg : base,
                    variableFrameRate: avg > 0 && base > 0 && abs(avg - base) / base > 0.01,
                    pixelFormat: FF.string(av_get_pix_fmt_name(AVPixelFormat(rawValue: par.format))) ?? "unknown",
                    bitDepth: Int(zv_pix_fmt_depth(par.format)), bitRate: par.bit_rate)
                // The stream the pipeline uses comes first.
                if Int(stream.pointee.index) == primaryVideo { videos.insert(info, at: 0) } else if primaryVideo != nil { videos.append(info) }
            case AVMEDIA_TYPE_AUDIO:
                var layout = par.ch_layout
                audios.append(AudioStreamInfo(
                    index: Int(stream.pointee.index), codec: codecName, profile: profile, channels: Int(par.ch_layout.nb_channels),
                    channelLayout: FF.layoutName(&layout), sampleRate: Int(par.sample_rate), bitRate: par.bit_rate))
            default:
                continue
            }
        }
        return MediaProbe(
            container: FF.string(ctx.pointee.iformat.pointee.name) ?? "unknown", durationSeconds: durationSeconds,
            bitRate: ctx.pointee.bit_rate, videoStreams: videos, audioStreams: audios)
    }
}

/// `MediaProber` over libavformat. Use it on untrusted files only inside the isolated transcoder process.
public struct FFmpegMediaProber: MediaProber {
    public init() {}

    public func probe(path: String) async throws -> MediaProbe {
        try FFInput(path: path).probe()
    }
}
