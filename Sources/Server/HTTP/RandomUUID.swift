import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension UUID {
    /// A version 4 UUID from the kernel's generator. Foundation's `UUID()` on Linux opens, reads and closes
    /// `/dev/urandom` for each one, and `SystemRandomNumberGenerator` makes one `getrandom(2)` call per 8 bytes (two
    /// per UUID); both showed up per request for the request id. `RandomBytes` reads 256 bytes per system call instead.
    static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { RandomBytes.shared.fill($0) }
        bytes.6 = (bytes.6 & 0x0f) | 0x40  // version 4
        bytes.8 = (bytes.8 & 0x3f) | 0x80  // RFC 9562 variant
        return UUID(uuid: bytes)
    }
}

/// Random bytes from the kernel's CSPRNG, fetched 256 at a time and handed out once each.
final class RandomBytes: Sendable {
    static let shared = RandomBytes()
    private static let batch = 256

    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: RandomBytes.batch)
        var next = RandomBytes.batch
    }

    private let pool = Mutex(Pool())

    /// Fills `target` (at most 256 bytes) with bytes nobody else received.
    func fill(_ target: UnsafeMutableRawBufferPointer) {
        precondition(target.count <= Self.batch)
        pool.withLock { pool in
            if pool.next + target.count > Self.batch {
                pool.bytes.withUnsafeMutableBytes { Self.systemRandom($0) }
                pool.next = 0
            }
            pool.bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[pool.next..<pool.next + target.count]))
            }
            pool.next += target.count
        }
    }

    /// `/dev/urandom`, opened once (the kernel's CSPRNG; `getrandom(2)` itself is not in Swift's Glibc module).
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    private static func systemRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        var filled = 0
        if urandom >= 0, let base = buffer.baseAddress {
            while filled < buffer.count {
                let got = read(urandom, base + filled, buffer.count - filled)
                if got > 0 { filled += got } else if got < 0 && errno == EINTR { continue } else { break }
            }
        }
        guard filled < buffer.count else { return }
        var generator = SystemRandomNumberGenerator()
        for index in buffer.indices { buffer[index] = generator.next() }
    }
}
