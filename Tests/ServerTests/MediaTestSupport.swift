import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

@testable import Server

/// A multipart/form-data body: fields in order, then (or, with `fileFirst`, before them) the file part.
func multipartBody(
    _ fields: [(String, String)], file: [UInt8]?, filename: String = "clip.mp4", fileFirst: Bool = false
) -> (body: ByteBuffer, contentType: String) {
    let boundary = "zv-\(UUID().uuidString)"
    var body = ByteBuffer()
    func field(_ name: String, _ value: String) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    func filePart(_ bytes: [UInt8]) {
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: video/mp4\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n")
    }
    if fileFirst, let file { filePart(file) }
    for (name, value) in fields { field(name, value) }
    if !fileFirst, let file { filePart(file) }
    body.writeString("--\(boundary)--\r\n")
    return (body, "multipart/form-data; boundary=\(boundary)")
}

func pattern(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
    // Includes CR, LF and dashes, so a boundary-like byte sequence inside the file is exercised.
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
}

extension TestClientProtocol {
    func upload(
        token: String, file: [UInt8]?, fields: [(String, String)] = [("title", "A clip")], fileFirst: Bool = false
    ) async throws -> TestResponse {
        let (body, contentType) = multipartBody(fields, file: file, fileFirst: fileFirst)
        return try await execute(
            uri: "/api/v1/videos", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: contentType, .contentLength: String(body.readableBytes)],
            body: body)
    }

    func tus(
        _ method: HTTPRequest.Method, _ uri: String, token: String, headers extra: HTTPFields = [:], body: [UInt8]? = nil,
        tusVersion: String? = "1.0.0"
    ) async throws -> TestResponse {
        var headers = extra
        headers[.authorization] = "Bearer \(token)"
        if let tusVersion { headers[TusHeaders.resumable] = tusVersion }
        if let body {
            if headers[.contentType] == nil { headers[.contentType] = "application/offset+octet-stream" }
            headers[.contentLength] = String(body.count)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
    }
}

extension AppDependencies {
    /// Files under the storage root and upload staging folder (temporary files included).
    func storedFiles() -> [String] {
        let root = config.dataDir
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(next)
            }
        }
        return files.sorted()
    }

    func makeAdmin(_ userId: String) async throws {
        try await postgres.query("UPDATE users SET role = 'admin' WHERE id = \(UUID(uuidString: userId)!)", logger: logger)
    }

    func count(_ sql: String, _ id: UUID) async throws -> Int {
        let rows = try await postgres.query(
            PostgresQuery(
                unsafeSQL: sql,
                binds: {
                    var b = PostgresBindings()
                    b.append(id)
                    return b
                }()), logger: logger)
        for try await (count) in rows.decode(Int.self) { return count }
        return 0
    }
}
