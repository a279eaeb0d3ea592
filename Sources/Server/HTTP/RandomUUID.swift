import Foundation

extension UUID {
    /// A version 4 UUID from the system generator (`getrandom(2)` on Linux). Foundation's `UUID()` on Linux opens,
    /// reads and closes `/dev/urandom` for each one (three system calls and a file descriptor), which showed up per
    /// request for the request id.
    static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var halves = (generator.next() as UInt64, generator.next() as UInt64)
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { target in
            withUnsafeBytes(of: &halves) { source in target.copyMemory(from: source) }
        }
        bytes.6 = (bytes.6 & 0x0f) | 0x40  // version 4
        bytes.8 = (bytes.8 & 0x3f) | 0x80  // RFC 9562 variant
        return UUID(uuid: bytes)
    }
}
