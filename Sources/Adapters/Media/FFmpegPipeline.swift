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
            if let pb = output.pointee.pb, output.pointee.oformat.pointee.flags & AVFMT_NOFILE == 0 {
                var p: UnsafeMutablePointer<AVIOContext>? = pb
                avio_closep(&p)
            }
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
            throw MediaError(
                code: "dimensions_too_large", message: "\(video.width)x\(video.height) is larger than 8192x8192", permanent: true)
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
        av_reduce(
            &displayAspect.num, &displayAspect.den, Int64((display.width * 10_000).rounded()), Int64((display.height * 10_000).rounded()),
            1 << 20)
        for plan in plans {
            var sar = AVRational()
            av_reduce(
                &sar.num, &sar.den, Int64(displayAspect.num) * Int64(plan.height), Int64(displayAspect.den) * Int64(plan.width), 1 << 16)
            rungs.append(
                try RungEncoder(
                    plan: plan, sampleAspect: sar, output: output, timeBase: videoStream.pointee.time_base, frameRate: frameRateQ,
                    gopFrames: gopFrames,
                    preset: settings.preset, threads: threads, globalHeader: globalHeader, rotation: video.rotation))
        }
        if let audioDecoder, audioStream != nil {
            audio = try AudioEncoder(
                decoder: audioDecoder.context, output: output, bitRate: settings.audioBitRate, globalHeader: globalHeader)
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
            progress(
                .init(step: .transcoding, percent: (fraction * 95 * 10).rounded() / 10, etaSeconds: eta.map { ($0 * 10).rounded() / 10 }))
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
                    if decodeErrors > 100 {
                        throw FF.failure("too many damaged video packets", sent, code: "invalid_media", permanent: true)
                    }
                    continue
                }
                try drainVideo()
            } else if let audioStream, index == audioStream.pointee.index, let audioDecoder {
                if avcodec_send_packet(audioDecoder.context, packet.packet) >= 0 { try drainAudio() }
            }
            for rung in rungs { try rung.encoded.writePending() }
        }
        avcodec_send_packet(videoDecoder.context, nil)
        try drainVideo()
        if let audioDecoder {
            avcodec_send_packet(audioDecoder.context, nil)
            try drainAudio()
        }
        guard lastPTS != .min else { throw MediaError(code: "invalid_media", message: "no video frame could be decoded", permanent: true) }
        if probe.durationSeconds > 4 && decodedUntil < probe.durationSeconds * 0.5 {
            throw MediaError(
                code: "truncated_media",
                message: String(format: "only %.1f s of %.1f s could be decoded", decodedUntil, probe.durationSeconds), permanent: true)
        }

        progress(.init(step: .packaging, percent: 96))
        for rung in rungs { try rung.encoded.finish() }
        try audio?.finish()
        try FF.check(av_write_trailer(output), "write trailer")

        let pictures =
            try thumbnails?.write(to: request.outputDirectory)
            ?? ThumbnailCollector.Output(poster: "poster.jpg", storyboard: "storyboard.vtt")
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
            if name.hasPrefix("media_") || name.hasSuffix(".tmp") {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
                return nil
            }
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            return PackagedFile(path: name, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}
