import CFFmpeg
import Domain

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
