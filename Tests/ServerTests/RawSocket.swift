import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client on loopback that sends exact bytes and reads exact answers: what a hostile or unusual
/// client does, below any HTTP library.
final class RawSocket {
    let fd: Int32

    init(port: Int, receiveTimeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError(message: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw TestSetupError(message: "connect to \(port): \(errno)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw TestSetupError(message: "send: \(errno)") }
            sent += count
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// No more bytes from this side (the server may still answer).
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Everything until the server closes or nothing arrives for the receive timeout.
    func readToEnd() -> [UInt8] {
        var all: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return all }
            all += chunk[0..<count]
        }
    }

    /// Reads until `count` whole responses have arrived (or the connection ends).
    func readResponses(_ count: Int, pending: inout [UInt8]) -> [RawResponse] {
        var responses: [RawResponse] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while responses.count < count {
            if let (response, used) = RawResponse.parse(pending) {
                responses.append(response)
                pending.removeFirst(used)
                continue
            }
            let read = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard read > 0 else { break }
            pending += chunk[0..<read]
        }
        return responses
    }
}

/// One HTTP/1.1 response read off the wire (bodies framed by Content-Length only, as this server frames them).
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    /// Every response in `bytes`, in order.
    static func all(_ bytes: [UInt8]) -> [RawResponse] {
        var rest = bytes[...]
        var responses: [RawResponse] = []
        while let (response, used) = parse(Array(rest)) {
            responses.append(response)
            rest = rest.dropFirst(used)
        }
        return responses
    }

    /// The first response in `bytes` and how many bytes it took; nil while it is incomplete.
    static func parse(_ bytes: [UInt8]) -> (RawResponse, Int)? {
        let end: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, let headEnd = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(end) }) else {
            return nil
        }
        let lines = String(decoding: bytes[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        let bodyStart = headEnd + 4
        guard bytes.count >= bodyStart + length else { return nil }
        return (RawResponse(status: status, headers: headers, body: Array(bytes[bodyStart..<(bodyStart + length)])), bodyStart + length)
    }
}
