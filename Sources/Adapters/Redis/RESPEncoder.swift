import CHiredis
import NIOCore

/// RESP request encoding: an array of bulk strings (`*N`, then `$len` and the bytes of each argument), binary-safe.
/// Written here rather than through hiredis's `redisFormatCommandArgv`, which needed a C copy of every argument. The
/// size is worked out first and the command written in one go: a heartbeat's script call has 14 arguments, and one
/// small `ByteBuffer` write per piece (five per argument) was a visible share of a heartbeat's profile.
enum RESPEncoder {
    static func encode(_ arguments: [String], into buffer: inout ByteBuffer) {
        var size = 3 + digits(arguments.count)
        for argument in arguments {
            let count = argument.utf8.count
            size += 5 + digits(count) + count
        }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { target in
            var writer = Writer(target: target)
            writer.byte(UInt8(ascii: "*"))
            writer.decimal(arguments.count)
            writer.newline()
            for argument in arguments {
                writer.byte(UInt8(ascii: "$"))
                writer.decimal(argument.utf8.count)
                writer.newline()
                writer.text(argument)
                writer.newline()
            }
            return writer.offset
        }
    }

    private static func digits(_ value: Int) -> Int {
        var value = value
        var count = 1
        while value >= 10 {
            value /= 10
            count += 1
        }
        return count
    }

    /// Writes into space `encode` measured beforehand.
    private struct Writer {
        let target: UnsafeMutableRawBufferPointer
        var offset = 0

        mutating func byte(_ value: UInt8) {
            target[offset] = value
            offset += 1
        }

        mutating func newline() {
            byte(UInt8(ascii: "\r"))
            byte(UInt8(ascii: "\n"))
        }

        mutating func decimal(_ value: Int) {
            let count = RESPEncoder.digits(value)
            var value = value
            for index in stride(from: offset + count - 1, through: offset, by: -1) {
                target[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            offset += count
        }

        mutating func text(_ string: String) {
            let copied = string.utf8.withContiguousStorageIfAvailable { source in
                UnsafeMutableRawBufferPointer(rebasing: target[offset..<offset + source.count]).copyMemory(
                    from: UnsafeRawBufferPointer(source))
                return source.count
            }
            if let copied {
                offset += copied
            } else {
                for unit in string.utf8 { byte(unit) }
            }
        }
    }
}
