import CFFmpeg
import Domain
import Foundation

/// Audio: resample to stereo float planar (5.1 and others downmixed), cut into AAC frames, encode AAC-LC.
final class AudioEncoder {
    let encoded: FFEncodedStream
    let sampleRate: Int32
    let inputRate: Int32
    let inputFormat: Int32
    private var resampler: OpaquePointer?
    private var fifo: OpaquePointer?
    private var nextPTS: Int64 = -1

    init(
        decoder: UnsafeMutablePointer<AVCodecContext>, output: UnsafeMutablePointer<AVFormatContext>, bitRate: Int, globalHeader: Bool
    ) throws {
        inputRate = decoder.pointee.sample_rate
        inputFormat = decoder.pointee.sample_fmt.rawValue
        sampleRate = [48000, 44100].contains(inputRate) ? inputRate : 48000
        guard let encoder = avcodec_find_encoder(AV_CODEC_ID_AAC) else { throw FF.internalError("no AAC encoder") }
        let codec = try FFCodec(encoder)
        let ctx = codec.context
        ctx.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        ctx.pointee.sample_rate = sampleRate
        av_channel_layout_default(&ctx.pointee.ch_layout, 2)
        ctx.pointee.bit_rate = Int64(bitRate)
        ctx.pointee.profile = FF_PROFILE_AAC_LOW
        ctx.pointee.time_base = AVRational(num: 1, den: sampleRate)
        if globalHeader { ctx.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        try FF.check(avcodec_open2(ctx, encoder, nil), "open AAC encoder")
        encoded = try FFEncodedStream(codec: codec, output: output, label: "audio")

        var inLayout = AVChannelLayout()
        if decoder.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || decoder.pointee.ch_layout.nb_channels == 0 {
            av_channel_layout_default(&inLayout, max(decoder.pointee.ch_layout.nb_channels, 1))
        } else {
            try FF.check(av_channel_layout_copy(&inLayout, &decoder.pointee.ch_layout), "channel layout")
        }
        defer { av_channel_layout_uninit(&inLayout) }
        try FF.check(
            swr_alloc_set_opts2(
                &resampler, &ctx.pointee.ch_layout, AV_SAMPLE_FMT_FLTP, sampleRate, &inLayout, decoder.pointee.sample_fmt, inputRate, 0, nil
            ),
            "resampler")
        try FF.check(swr_init(resampler), "resampler")
        fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, 2, 4096)
        guard fifo != nil else { throw FF.internalError("out of memory") }
    }

    deinit {
        swr_free(&resampler)
        if let fifo { av_audio_fifo_free(fifo) }
    }

    func add(_ frame: UnsafeMutablePointer<AVFrame>, streamBase: AVRational, startSeconds: Double) throws {
        if nextPTS < 0 {
            // Audio that starts after the video keeps its offset, so lips stay in sync.
            let t =
                frame.pointee.best_effort_timestamp == FF.noPTS
                ? 0 : FF.seconds(frame.pointee.best_effort_timestamp, streamBase) - startSeconds
            nextPTS = max(0, Int64((t * Double(sampleRate)).rounded()))
        }
        // The resampler was set up for the stream's first format and rate; frames that change them are skipped.
        guard frame.pointee.sample_rate == inputRate, frame.pointee.format == inputFormat else { return }
        let added = zv_resample_into_fifo(resampler, fifo, frame, 2, AV_SAMPLE_FMT_FLTP, sampleRate, inputRate)
        if added < 0 { return }  // a frame the resampler rejects (changed layout mid-stream) is skipped
        try encodeAvailable(final: false)
    }

    private func encodeAvailable(final: Bool) throws {
        let frameSize = encoded.codec.context.pointee.frame_size
        while av_audio_fifo_size(fifo) >= frameSize || (final && av_audio_fifo_size(fifo) > 0) {
            let count = min(frameSize, av_audio_fifo_size(fifo))
            let out = try FFFrame()
            out.frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
            out.frame.pointee.sample_rate = sampleRate
            try FF.check(av_channel_layout_copy(&out.frame.pointee.ch_layout, &encoded.codec.context.pointee.ch_layout), "channel layout")
            try FF.check(zv_fifo_read_frame(fifo, out.frame, count), "audio buffer")
            out.frame.pointee.pts = nextPTS
            nextPTS += Int64(count)
            try encoded.send(out.frame)
        }
    }

    func finish() throws {
        if nextPTS < 0 { nextPTS = 0 }
        _ = zv_resample_into_fifo(resampler, fifo, nil, 2, AV_SAMPLE_FMT_FLTP, sampleRate, inputRate)
        try encodeAvailable(final: true)
        try encoded.finish()
    }
}
