import CFFmpeg
import Domain
import Foundation

/// Caption files read and written by FFmpeg's libraries: the `webvtt` or `srt` demuxer parses the cues, SubRip is
/// decoded and encoded again as WebVTT (as `ffmpeg -i in.srt out.vtt` does), WebVTT is remuxed as it is, and the
/// `webvtt` muxer writes the file. The demuxers sort cues by time, so cues out of order are found by their byte
/// positions: sorted by time, a cue must also come later in the file.
public struct FFmpegCaptionConverter: CaptionConverter {
    /// Where the upload and the output are written while FFmpeg reads and writes them (removed afterwards).
    let directory: String

    public init(directory: String) { self.directory = directory }

    public func webVTT(from bytes: [UInt8], format: CaptionFormat, maximumEndSeconds: Double) async throws -> ConvertedCaptions {
        var text = bytes
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        guard String(validating: text, as: UTF8.self) != nil, !text.contains(0) else {
            throw CaptionError.invalid("the file is not UTF-8 text")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = directory + "/captions-" + UUID().uuidString
        let input = base + (format == .subRip ? ".srt" : ".vtt")
        let output = base + ".out.vtt"
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
        }
        try Data(text).write(to: URL(fileURLWithPath: input))
        let cues = try Self.convert(input: input, format: format, output: output, maximumEndSeconds: maximumEndSeconds)
        let converted = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        return ConvertedCaptions(webVTT: converted, cueCount: cues)
    }

    static func convert(input: String, format: CaptionFormat, output: String, maximumEndSeconds: Double) throws -> Int {
        var inputContext: UnsafeMutablePointer<AVFormatContext>?
        let demuxer = av_find_input_format(format == .subRip ? "srt" : "webvtt")
        var options = FF.dictionary([("protocol_whitelist", "file")])
        defer { av_dict_free(&options) }
        guard avformat_open_input(&inputContext, input, demuxer, &options) >= 0, inputContext != nil else {
            throw CaptionError.invalid("not a \(format == .subRip ? "SubRip" : "WebVTT") file")
        }
        defer { avformat_close_input(&inputContext) }
        return try convert(opened: inputContext!, output: output, maximumEndSeconds: maximumEndSeconds)
    }

    static func convert(
        opened inputContext: UnsafeMutablePointer<AVFormatContext>, output: String, maximumEndSeconds: Double
    ) throws
        -> Int
    {
        guard inputContext.pointee.nb_streams == 1, let stream = inputContext.pointee.streams[0] else {
            throw CaptionError.invalid("no caption track")
        }
        let sourceCodec = stream.pointee.codecpar.pointee.codec_id
        let timeBase = stream.pointee.time_base

        // SubRip: decoded to ASS events and encoded as WebVTT.
        var decoder: FFCodec?
        var encoder: FFCodec?
        if sourceCodec != AV_CODEC_ID_WEBVTT {
            guard let decoding = avcodec_find_decoder(sourceCodec), let encoding = avcodec_find_encoder(AV_CODEC_ID_WEBVTT) else {
                throw FF.internalError("no SubRip decoder or WebVTT encoder")
            }
            let decoderCodec = try FFCodec(decoding)
            try FF.check(avcodec_parameters_to_context(decoderCodec.context, stream.pointee.codecpar), "caption decoder parameters")
            decoderCodec.context.pointee.pkt_timebase = timeBase
            try FF.check(avcodec_open2(decoderCodec.context, decoding, nil), "caption decoder")
            let encoderCodec = try FFCodec(encoding)
            encoderCodec.context.pointee.time_base = AVRational(num: 1, den: 1000)
            let header = decoderCodec.context.pointee.subtitle_header
            let headerSize = decoderCodec.context.pointee.subtitle_header_size
            if let header, headerSize > 0 {
                encoderCodec.context.pointee.subtitle_header = av_memdup(header, Int(headerSize)).assumingMemoryBound(to: UInt8.self)
                encoderCodec.context.pointee.subtitle_header_size = headerSize
            }
            try FF.check(avcodec_open2(encoderCodec.context, encoding, nil), "caption encoder")
            decoder = decoderCodec
            encoder = encoderCodec
        }

        var outputContext: UnsafeMutablePointer<AVFormatContext>?
        try FF.check(avformat_alloc_output_context2(&outputContext, nil, "webvtt", output), "caption muxer")
        guard let outputContext else { throw FF.internalError("caption muxer") }
        defer {
            if outputContext.pointee.pb != nil { avio_closep(&outputContext.pointee.pb) }
            avformat_free_context(outputContext)
        }
        guard let outputStream = avformat_new_stream(outputContext, nil) else { throw FF.internalError("out of memory") }
        if let encoder {
            try FF.check(avcodec_parameters_from_context(outputStream.pointee.codecpar, encoder.context), "caption stream")
        } else {
            try FF.check(avcodec_parameters_copy(outputStream.pointee.codecpar, stream.pointee.codecpar), "caption stream")
        }
        outputStream.pointee.time_base = AVRational(num: 1, den: 1000)
        try FF.check(avio_open(&outputContext.pointee.pb, output, AVIO_FLAG_WRITE), "caption output")
        try FF.check(avformat_write_header(outputContext, nil), "caption header")

        let packet = try FFPacket()
        var cues = 0
        var lastPosition: Int64 = -1
        var lastStart = -Double.infinity
        // Room for the largest cue a file within the size limit can hold, with its markup rewritten.
        var buffer = [UInt8](repeating: 0, count: 2 * Caption.maximumBytes + (1 << 16))
        while true {
            let read = av_read_frame(inputContext, packet.packet)
            if read == FF.eof { break }
            guard read >= 0 else { throw CaptionError.invalid("unreadable cue (\(FF.message(read)))") }
            defer { av_packet_unref(packet.packet) }
            let pts = packet.packet.pointee.pts
            let duration = packet.packet.pointee.duration
            guard pts != FF.noPTS, pts >= 0, duration >= 0 else { throw CaptionError.invalid("a cue without valid times") }
            let start = FF.seconds(pts, timeBase)
            let end = start + FF.seconds(duration, timeBase)
            let position = packet.packet.pointee.pos
            guard start >= lastStart, position > lastPosition else {
                throw CaptionError.invalid("cue \(cues + 1) starts before the cue above it (cues must be in time order)")
            }
            guard end <= maximumEndSeconds else {
                throw CaptionError.invalid(
                    "cue \(cues + 1) ends at \(Int(end)) s, after the video (\(Int(maximumEndSeconds)) s with a second of slack)")
            }
            lastPosition = position
            lastStart = start
            cues += 1
            let startMs = Int64((start * 1000).rounded())
            let durationMs = Int64(((end - start) * 1000).rounded())
            if let decoder, let encoder {
                var subtitle = AVSubtitle()
                var got: Int32 = 0
                guard avcodec_decode_subtitle2(decoder.context, &subtitle, &got, packet.packet) >= 0 else {
                    throw CaptionError.invalid("cue \(cues) cannot be read")
                }
                defer { avsubtitle_free(&subtitle) }
                guard got != 0, subtitle.num_rects > 0 else { continue }
                subtitle.pts = av_rescale_q(pts, timeBase, zv_time_base_q())
                subtitle.start_display_time = 0
                subtitle.end_display_time = UInt32(clamping: durationMs)
                let size = avcodec_encode_subtitle(encoder.context, &buffer, Int32(buffer.count), &subtitle)
                guard size >= 0 else { throw CaptionError.invalid("cue \(cues) cannot be written as WebVTT") }
                // A cue without text (SubRip allows it) has nothing to show.
                guard size > 0 else { continue }
                let out = try FFPacket()
                try FF.check(av_new_packet(out.packet, size), "caption packet")
                buffer.withUnsafeBytes {
                    out.packet.pointee.data.update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: Int(size))
                }
                out.packet.pointee.pts = startMs
                out.packet.pointee.dts = startMs
                out.packet.pointee.duration = durationMs
                out.packet.pointee.stream_index = 0
                try FF.check(av_interleaved_write_frame(outputContext, out.packet), "caption write")
            } else {
                av_packet_rescale_ts(packet.packet, timeBase, outputStream.pointee.time_base)
                packet.packet.pointee.stream_index = 0
                packet.packet.pointee.pos = -1
                try FF.check(av_interleaved_write_frame(outputContext, packet.packet), "caption write")
            }
        }
        guard cues > 0 else { throw CaptionError.invalid("no cues") }
        try FF.check(av_write_trailer(outputContext), "caption trailer")
        return cues
    }
}
