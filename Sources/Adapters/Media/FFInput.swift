import CFFmpeg
import Domain

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
            throw FF.failure(
                "cannot open the \(String(cString: decoder.pointee.name)) decoder", opened, code: "unsupported_media", permanent: true)
        }
        return codec
    }
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
                if Int(stream.pointee.index) == primaryVideo {
                    videos.insert(info, at: 0)
                } else if primaryVideo != nil {
                    videos.append(info)
                }
            case AVMEDIA_TYPE_AUDIO:
                var layout = par.ch_layout
                audios.append(
                    AudioStreamInfo(
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
