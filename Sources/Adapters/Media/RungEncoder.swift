import CFFmpeg
import Domain
import Foundation

/// One rung: scaler (+ rotation) and libx264 encoder writing into its stream of the shared muxer.
final class RungEncoder {
    let plan: RenditionPlan
    let encoded: FFEncodedStream
    let rotation: Int
    let sampleAspect: AVRational
    private var scaler: FFScaler?
    private(set) var codecString = "avc1.640028"

    init(
        plan: RenditionPlan, sampleAspect: AVRational, output: UnsafeMutablePointer<AVFormatContext>, timeBase: AVRational,
        frameRate: AVRational,
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
