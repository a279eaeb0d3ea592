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
