import CFFmpeg
import Domain
import Foundation

/// One transcode, synchronous, on the calling thread: demux once, decode once, and per rung scale (and rotate)
/// then encode with libx264; audio is decoded once, downmixed to stereo and encoded to AAC-LC. Everything goes
/// into one `dash` muxer that writes CMAF (fMP4) segments, the MPD and media playlists; `HLSPackager` then
/// rewrites the HLS side. Thumbnails come from the same decoded frames. All C state lives in this object.
final class FFmpegPipeline {
    let request: TranscodeRequest
    let progress: (TranscodeProgress) -> Void
    let input: FFInput
    let probe: MediaProbe
    let settings: TranscodeSettings

    private var output: UnsafeMutablePointer<AVFormatContext>?
    private var rungs: [RungEncoder] = []
    private var audio: AudioEncoder?
    private var thumbnails: ThumbnailCollector?

    init(request: TranscodeRequest, progress: @escaping (TranscodeProgress) -> Void) throws {
        self.request = request
        self.progress = progress
        settings = request.settings
        progress(.init(step: .probing, percent: 0))
        input = try FFInput(path: request.inputPath)
        probe = input.probe()
        try Self.validate(probe, input: input, settings: settings)
        progress(.init(step: .transcoding, percent: 0, sourceDurationSeconds: probe.durationSeconds))
    }

    deinit {
        if let output {
            if let pb = output.pointee.pb, output.pointee.oformat.pointee.flags & AVFMT_NOFILE == 0 { var p: UnsafeMutablePointer<AVIOContext>? = pb; avio_closep(&p) }
            avformat_free_context(output)
        }
    }

    /// Refuses what the pipeline must not or cannot process, before decoding a frame.
    static func validate(_ probe: MediaProbe, input: FFInput, settings: TranscodeSettings) throws {
        let container = probe.container
        if container.hasSuffix("_pipe") || container.contains("image2") {
            throw MediaError.unsupported("a still image, not a video (\(container))")
        }
        guard let video = probe.primaryVideo, input.videoStream != nil else {
            throw MediaError.unsupported("no decodable video stream (\(container); \(probe.audioStreams.count) audio stream(s))")
        }
        guard video.width > 0, video.height > 0 else { throw MediaError.unsupported("the video stream has no size") }
        if Int64(video.width) * Int64(video.height) > FF.maxPixels || video.width > 16384 || video.height > 16384 {
            throw MediaError(code: "dimensions_too_large", message: "\(video.width)x\(video.height) is larger than 8192x8192", permanent: true)
        }
        if probe.durationSeconds > settings.maxDurationSeconds {
            throw MediaError(code: "too_long", message: "longer than \(Int(settings.maxDurationSeconds)) s", permanent: true)
        }
    }

    func run() throws -> TranscodeResult {
        guard let videoStream = input.videoStream, let video = probe.primaryVideo else { throw MediaError.unsupported("no video stream") }
        let threads = settings.threads
        let videoDecoder = try input.openDecoder(for: videoStream, threads: threads)
        videoDecoder.context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
        let audioStream = input.audioStream
        let audioDecoder = try audioStream.map { try input.openDecoder(for: $0, threads: 1) }

        let display = video.displaySize
        let plans = RenditionPlan.ladder(displayWidth: display.width, displayHeight: display.height, rungs: settings.rungs)
        guard !plans.isEmpty else { throw MediaError.unsupported("the picture is too small (\(video.width)x\(video.height))") }
        let frameRate = video.frameRate > 0 && video.frameRate < 1000 ? video.frameRate : 30
        let frameRateQ = videoStream.pointee.avg_frame_rate.num > 0 ? videoStream.pointee.avg_frame_rate : av_d2q(frameRate, 100_000)

        // Output: one dash muxer for every rendition.
        let manifest = request.outputDirectory + "/manifest.mpd"
        try FF.check(avformat_alloc_output_context2(&output, nil, "dash", manifest), "dash muxer")
        guard let output else { throw FF.internalError("no dash muxer") }
        let globalHeader = output.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0
        let gopFrames = max(1, Int((frameRate * Double(settings.keyframeSeconds)).rounded()))
        // Every rung keeps the source's display aspect exactly (an even-rounded size gets a sample aspect that
        // makes up the difference, as the scale filter does): DASH requires one aspect per adaptation set.
        var displayAspect = AVRational()
        av_reduce(&displayAspect.num, &displayAspect.den, Int64((display.width * 10_000).rounded()), Int64((display.height * 10_000).rounded()), 1 << 20)
        for plan in plans {
            var sar = AVRational()
            av_reduce(&sar.num, &sar.den, Int64(displayAspect.num) * Int64(plan.height), Int64(displayAspect.den) * Int64(plan.width), 1 << 16)
            rungs.append(try RungEncoder(
                plan: plan, sampleAspect: sar, output: output, timeBase: videoStream.pointee.time_base, frameRate: frameRateQ, gopFrames: gopFrames,
                preset: settings.preset, threads: threads, globalHeader: globalHeader, rotation: video.rotation))
        }
        if let audioDecoder, audioStream != nil {
            audio = try AudioEncoder(decoder: audioDecoder.context, output: output, bitRate: settings.audioBitRate, globalHeader: globalHeader)
        }
        var options = FF.dictionary([
            ("seg_duration", "\(settings.segmentSeconds)"), ("use_template", "1"), ("use_timeline", "1"), ("hls_playlist", "1"),
            ("adaptation_sets", audio == nil ? "id=0,streams=v" : "id=0,streams=v id=1,streams=a"),
            ("init_seg_name", "init-$RepresentationID$.mp4"), ("media_seg_name", "seg-$RepresentationID$-$Number%05d$.m4s"),
            ("dash_segment_type", "mp4"), ("streaming", "0"), ("remove_at_exit", "0"),
        ])
        defer { av_dict_free(&options) }
        try FF.check(avformat_write_header(output, &options), "write header")

        let duration = max(probe.durationSeconds, 0.001)
        let startSeconds = input.startSeconds
        let videoBase = videoStream.pointee.time_base
        let startPTS = Int64((startSeconds / FF.double(videoBase)).rounded())
        thumbnails = ThumbnailCollector(
            duration: duration, interval: Double(settings.thumbnailIntervalSeconds), displayWidth: display.width,
            displayHeight: display.height, rotation: video.rotation)

        let packet = try FFPacket()
        let frame = try FFFrame()
        var lastPTS = Int64.min
        var nextKeyframe = 0.0
        var decodedUntil = 0.0
        let began = Date()
        var lastReport = Date.distantPast

        func report(_ seconds: Double) {
            let now = Date()
            guard now.timeIntervalSince(lastReport) >= 0.5 else { return }
            lastReport = now
            let fraction = min(max(seconds / duration, 0), 1)
            let elapsed = now.timeIntervalSince(began)
            let eta = fraction > 0.02 ? elapsed * (1 - fraction) / fraction : nil
            progress(.init(step: .transcoding, percent: (fraction * 95 * 10).rounded() / 10, etaSeconds: eta.map { ($0 * 10).rounded() / 10 }))
        }

        func handleVideoFrame(_ decoded: UnsafeMutablePointer<AVFrame>) throws {
            var pts = decoded.pointee.best_effort_timestamp
            if pts == FF.noPTS { pts = lastPTS == .min ? startPTS : lastPTS + Int64(1 / frameRate / FF.double(videoBase)) }
            pts -= startPTS
            // Frames must reach the encoders in strictly increasing time; drop duplicates and stragglers.
            guard pts > lastPTS, pts >= 0 || lastPTS == .min else { return }
            lastPTS = max(pts, 0)
            let t = FF.seconds(lastPTS, videoBase)
            var key = false
            if t + 0.0005 >= nextKeyframe {
                key = true
                while nextKeyframe <= t + 0.0005 { nextKeyframe += Double(settings.keyframeSeconds) }
            }
            try thumbnails?.offer(decoded, at: t)
            for rung in rungs { try rung.encode(decoded, pts: lastPTS, keyframe: key) }
            decodedUntil = t
            report(t)
        }

        func drainVideo() throws {
            while true {
                let received = avcodec_receive_frame(videoDecoder.context, frame.frame)
                if received == FF.again || received == FF.eof { return }
                if received < 0 { throw FF.failure("video decoding failed", received, code: "invalid_media", permanent: true) }
                defer { av_frame_unref(frame.frame) }
                try handleVideoFrame(frame.frame)
            }
        }

        func drainAudio() throws {
            guard let audioDecoder, let audio else { return }
            while true {
                let received = avcodec_receive_frame(audioDecoder.context, frame.frame)
                if received == FF.again || received == FF.eof { return }
                if received < 0 { return }  // a damaged audio frame is skipped, as players do
                defer { av_frame_unref(frame.frame) }
                try audio.add(frame.frame, streamBase: audioStream!.pointee.time_base, startSeconds: startSeconds)
            }
        }

        var decodeErrors = 0
        while true {
            let read = av_read_frame(input.formatContext, packet.packet)
            if read == FF.eof { break }
            if read < 0 {
                if read == zv_averror(EIO) || read == zv_averror_invaliddata() { break }  // damaged tail: judged below
                throw FF.failure("reading the file failed", read, code: "invalid_media", permanent: true)
            }
            defer { av_packet_unref(packet.packet) }
            let index = packet.packet.pointee.stream_index
            if index == videoStream.pointee.index {
                let sent = avcodec_send_packet(videoDecoder.context, packet.packet)
                if sent < 0 && sent != FF.again {
                    decodeErrors += 1
                    if decodeErrors > 100 { throw FF.failure("too many damaged video packets", sent, code: "invalid_media", permanent: true) }
                    continue
                }
                try drainVideo()
            } else if let audioStream, index == audioStream.pointee.index, let audioDecoder {
                if avcodec_send_packet(audioDecoder.context, packet.packet) >= 0 { try drainAudio() }
            }
            try rungs.forEach { try $0.encoded.writePending() }
        }
        avcodec_send_packet(videoDecoder.context, nil)
        try drainVideo()
        if let audioDecoder {
            avcodec_send_packet(audioDecoder.context, nil)
            try drainAudio()
        }
        guard lastPTS != .min else { throw MediaError(code: "invalid_media", message: "no video frame could be decoded", permanent: true) }
        if probe.durationSeconds > 4 && decodedUntil < probe.durationSeconds * 0.5 {
            throw MediaError(code: "truncated_media", message: String(format: "only %.1f s of %.1f s could be decoded", decodedUntil, probe.durationSeconds), permanent: true)
        }

        progress(.init(step: .packaging, percent: 96))
        for rung in rungs { try rung.encoded.finish() }
        try audio?.finish()
        try FF.check(av_write_trailer(output), "write trailer")

        let pictures = try thumbnails?.write(to: request.outputDirectory) ?? ThumbnailCollector.Output(poster: "poster.jpg", storyboard: "storyboard.vtt")
        let package = try HLSPackager.rewrite(
            directory: request.outputDirectory, renditions: rungs.map { ($0.plan, $0.codecString, frameRate) },
            audio: audio.map { ("mp4a.40.2", settings.audioBitRate, 2, Int($0.sampleRate)) })
        let files = try Self.listFiles(request.outputDirectory)
        progress(.init(step: .packaging, percent: 99))
        return TranscodeResult(
            probe: probe, durationSeconds: package.durationSeconds, renditions: package.renditions, audio: package.audio,
            hlsMaster: package.master, dashManifest: "manifest.mpd", poster: pictures.poster, storyboard: pictures.storyboard, files: files)
    }

    static func listFiles(_ directory: String) throws -> [PackagedFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        return try names.compactMap { name in
            // The dash muxer's own HLS playlists were replaced; temporary files are not part of the package.
            if name.hasPrefix("media_") || name.hasSuffix(".tmp") { try? FileManager.default.removeItem(atPath: directory + "/" + name); return nil }
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            return PackagedFile(path: name, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}

/// One rung: scaler (+ rotation) and libx264 encoder writing into its stream of the shared muxer.
final class RungEncoder {
    let plan: RenditionPlan
    let encoded: FFEncodedStream
    let rotation: Int
    let sampleAspect: AVRational
    private var scaler: FFScaler?
    private(set) var codecString = "avc1.640028"

    init(
        plan: RenditionPlan, sampleAspect: AVRational, output: UnsafeMutablePointer<AVFormatContext>, timeBase: AVRational, frameRate: AVRational,
        gopFrames: Int, preset: String, threads: Int, globalHeader: Bool, rotation: Int
    ) throws {
        self.plan = plan
        self.rotation = rotation
        guard let encoder = avcodec_find_encoder_by_name("libx264") else { throw FF.internalError("libx264 is not available") }
        let codec = try FFCodec(encoder)
        let ctx = codec.context
        ctx.pointee.width = Int32(plan.width)
        ctx.pointee.height = Int32(plan.height)
        ctx.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        ctx.pointee.sample_aspect_ratio = sampleAspect
        ctx.pointee.time_base = timeBase
        ctx.pointee.framerate = frameRate
        ctx.pointee.bit_rate = Int64(plan.videoBitRate)
        ctx.pointee.rc_max_rate = Int64(plan.videoBitRate) * 3 / 2
        ctx.pointee.rc_buffer_size = Int32(clamping: plan.videoBitRate * 2)
        ctx.pointee.gop_size = Int32(gopFrames)
        ctx.pointee.thread_count = Int32(threads)
        if globalHeader { ctx.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        var options = FF.dictionary([
            ("preset", preset), ("profile", "high"), ("forced-idr", "1"),
            ("x264-params", "keyint=\(gopFrames):min-keyint=\(gopFrames):scenecut=0"),
        ])
        defer { av_dict_free(&options) }
        try FF.check(avcodec_open2(ctx, encoder, &options), "open libx264 (\(plan.name))")
        encoded = try FFEncodedStream(codec: codec, output: output, label: plan.name)
        encoded.stream.pointee.avg_frame_rate = frameRate
        encoded.stream.pointee.sample_aspect_ratio = sampleAspect
        self.sampleAspect = sampleAspect
        codecString = Self.avcCodecString(ctx.pointee.extradata, Int(ctx.pointee.extradata_size)) ?? codecString
    }

    /// `avc1.PPCCLL` from the SPS in the encoder's global header (Annex B or avcC).
    static func avcCodecString(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int) -> String? {
        guard let data, size > 8 else { return nil }
        let bytes = UnsafeBufferPointer(start: data, count: size)
        if bytes[0] == 1 { return String(format: "avc1.%02X%02X%02X", bytes[1], bytes[2], bytes[3]) }
        var i = 0
        while i + 4 < size {
            if bytes[i] == 0, bytes[i + 1] == 0, bytes[i + 2] == 1, bytes[i + 3] & 0x1F == 7, i + 6 < size {
                return String(format: "avc1.%02X%02X%02X", bytes[i + 4], bytes[i + 5], bytes[i + 6])
            }
            i += 1
        }
        return nil
    }

    func encode(_ source: UnsafeMutablePointer<AVFrame>, pts: Int64, keyframe: Bool) throws {
        let picture: FFFrame
        if rotation == 0, source.pointee.width == Int32(plan.width), source.pointee.height == Int32(plan.height),
           source.pointee.format == AV_PIX_FMT_YUV420P.rawValue
        {
            // The rung is the decoded picture itself (what the scale filter does at the same size): no copy.
            picture = try FFFrame()
            try FF.check(av_frame_ref(picture.frame, source), "reference frame")
        } else {
            let swap = rotation == 90 || rotation == 270
            if scaler == nil || !scaler!.accepts(source) {
                scaler = try FFScaler(
                    from: source, width: Int32(swap ? plan.height : plan.width), height: Int32(swap ? plan.width : plan.height),
                    format: AV_PIX_FMT_YUV420P)
            }
            picture = try rotated(try scaler!.scale(source), clockwise: rotation)
        }
        picture.frame.pointee.pts = pts
        picture.frame.pointee.pict_type = keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        picture.frame.pointee.sample_aspect_ratio = sampleAspect
        try encoded.send(picture.frame)
    }
}

/// Audio: resample to stereo float planar (5.1 and others downmixed), cut into AAC frames, encode AAC-LC.
final class AudioEncoder {
    let encoded: FFEncodedStream
    let sampleRate: Int32
    let inputRate: Int32
    let inputFormat: Int32
    private var resampler: OpaquePointer?
    private var fifo: OpaquePointer?
    private var nextPTS: Int64 = -1

    init(decoder: UnsafeMutablePointer<AVCodecContext>, output: UnsafeMutablePointer<AVFormatContext>, bitRate: Int, globalHeader: Bool) throws {
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
            swr_alloc_set_opts2(&resampler, &ctx.pointee.ch_layout, AV_SAMPLE_FMT_FLTP, sampleRate, &inLayout, decoder.pointee.sample_fmt, inputRate, 0, nil),
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
            let t = frame.pointee.best_effort_timestamp == FF.noPTS ? 0 : FF.seconds(frame.pointee.best_effort_timestamp, streamBase) - startSeconds
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
