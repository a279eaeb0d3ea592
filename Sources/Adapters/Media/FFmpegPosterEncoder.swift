import CFFmpeg
import Domain
import Foundation

/// Posters from uploaded pictures with FFmpeg's libraries: the picture is probed by the demuxer of its declared
/// format (`jpeg_pipe`, `png_pipe`, `webp_pipe`), its size checked before any pixel is decoded, decoded, scaled to the
/// poster size (at most 720 on the short side, never up) and encoded as JPEG like the generated posters.
public struct FFmpegPosterEncoder: PosterEncoder {
    let directory: String

    public init(directory: String) { self.directory = directory }

    public func poster(from bytes: [UInt8], format: ImageFormat) async throws -> [UInt8] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/poster-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try Self.encode(path: path, format: format)
    }

    static func encode(path: String, format: ImageFormat) throws -> [UInt8] {
        var context: UnsafeMutablePointer<AVFormatContext>?
        var options = FF.dictionary([("protocol_whitelist", "file")])
        defer { av_dict_free(&options) }
        let demuxer = av_find_input_format("\(format.rawValue)_pipe")
        guard avformat_open_input(&context, path, demuxer, &options) >= 0, let opened = context else {
            throw PosterError.notAnImage("not a \(format.rawValue.uppercased()) picture")
        }
        defer { avformat_close_input(&context) }
        guard avformat_find_stream_info(opened, nil) >= 0, opened.pointee.nb_streams >= 1, let stream = opened.pointee.streams[0],
            stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
        else { throw PosterError.notAnImage("not a \(format.rawValue.uppercased()) picture") }
        let width = Int(stream.pointee.codecpar.pointee.width)
        let height = Int(stream.pointee.codecpar.pointee.height)
        guard width > 0, height > 0 else { throw PosterError.notAnImage("the picture has no size") }
        guard width <= ImageFormat.maximumDimension, height <= ImageFormat.maximumDimension else {
            throw PosterError.tooLarge(width: width, height: height)
        }
        guard let decoder = avcodec_find_decoder(stream.pointee.codecpar.pointee.codec_id) else {
            throw PosterError.notAnImage("no decoder for the picture")
        }
        let codec = try FFCodec(decoder)
        try FF.check(avcodec_parameters_to_context(codec.context, stream.pointee.codecpar), "picture decoder parameters")
        var decoderOptions = FF.dictionary([("max_pixels", "\(ImageFormat.maximumDimension * ImageFormat.maximumDimension)")])
        defer { av_dict_free(&decoderOptions) }
        try FF.check(avcodec_open2(codec.context, decoder, &decoderOptions), "picture decoder")
        let packet = try FFPacket()
        let frame = try FFFrame()
        var decoded = false
        while !decoded {
            let read = av_read_frame(opened, packet.packet)
            if read < 0 {
                // End of input: drain the decoder.
                _ = avcodec_send_packet(codec.context, nil)
            } else {
                defer { av_packet_unref(packet.packet) }
                guard packet.packet.pointee.stream_index == stream.pointee.index else { continue }
                guard avcodec_send_packet(codec.context, packet.packet) >= 0 else { throw PosterError.notAnImage("the picture is damaged") }
            }
            let received = avcodec_receive_frame(codec.context, frame.frame)
            if received >= 0 {
                decoded = true
            } else if received != FF.again || read < 0 {
                throw PosterError.notAnImage("the picture cannot be decoded")
            }
        }
        let short = Double(min(width, height))
        let scale = short > 720 ? 720 / short : 1
        let outWidth = max(2, Int((Double(width) * scale / 2).rounded()) * 2)
        let outHeight = max(2, Int((Double(height) * scale / 2).rounded()) * 2)
        let scaler = try FFScaler(from: frame.frame, width: Int32(outWidth), height: Int32(outHeight), format: AV_PIX_FMT_YUVJ420P)
        return try encodeJPEG(try scaler.scale(frame.frame))
    }
}
