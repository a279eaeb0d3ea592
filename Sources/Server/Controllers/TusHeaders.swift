import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// tus header names and the checks every tus request shares.
enum TusHeaders {
    static let resumable = HTTPField.Name("Tus-Resumable")!
    static let version = HTTPField.Name("Tus-Version")!
    static let extensions = HTTPField.Name("Tus-Extension")!
    static let maxSize = HTTPField.Name("Tus-Max-Size")!
    static let uploadOffset = HTTPField.Name("Upload-Offset")!
    static let uploadLength = HTTPField.Name("Upload-Length")!
    static let deferLength = HTTPField.Name("Upload-Defer-Length")!
    static let metadata = HTTPField.Name("Upload-Metadata")!
    static let expires = HTTPField.Name("Upload-Expires")!
    static let offsetContentType = "application/offset+octet-stream"

    static var common: HTTPFields { [resumable: "1.0.0"] }

    /// Runs a tus handler so that every answer, errors included, carries `Tus-Resumable`, and a HEAD error has no body.
    static func answering(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch {
            guard var problem = ErrorMapping.problem(for: error) else { throw error }
            problem.headers[resumable] = "1.0.0"
            if request.method == .head {
                return Response(status: problem.status, headers: problem.headers)
            }
            throw problem
        }
    }

    static func checkVersion(_ request: Request) throws {
        guard request.headers[resumable] == "1.0.0" else {
            throw Problem(
                .preconditionFailed, code: "unsupported_tus_version", title: "Unsupported tus version",
                detail: "send Tus-Resumable: 1.0.0", headers: [version: "1.0.0"])
        }
    }

    static func checkContentType(_ request: Request) throws {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingOWS.lowercased()
        guard type == offsetContentType else { throw RequestError.expectedMediaType(offsetContentType) }
    }

    static func integer(_ request: Request, _ name: HTTPField.Name) throws -> Int64 {
        guard let raw = request.headers[name] else {
            throw UploadError.invalidHeader(name: name.rawName, message: "\(name.rawName) is required")
        }
        guard raw.utf8.allSatisfy({ (48...57).contains($0) }), raw.utf8.count <= 18, let value = Int64(raw) else {
            throw UploadError.invalidHeader(name: name.rawName, message: "\(name.rawName) must be a non-negative integer")
        }
        return value
    }

    /// `key base64value,key2 base64value2` -> [key: value] (values UTF-8).
    static func parseMetadata(_ raw: String?) throws -> [String: String] {
        guard let raw, !raw.isEmpty else { return [:] }
        guard raw.utf8.count <= 16 << 10 else {
            throw UploadError.invalidHeader(name: "Upload-Metadata", message: "Upload-Metadata is too long")
        }
        var result: [String: String] = [:]
        for pair in raw.split(separator: ",") {
            let parts = pair.trimmingOWS.split(separator: " ", omittingEmptySubsequences: true)
            guard let key = parts.first, parts.count <= 2, result[String(key)] == nil else {
                throw UploadError.invalidHeader(name: "Upload-Metadata", message: "Upload-Metadata must be unique `key base64value` pairs")
            }
            if parts.count == 2 {
                guard let data = Data(base64Encoded: String(parts[1])), let value = String(data: data, encoding: .utf8) else {
                    throw UploadError.invalidHeader(name: "Upload-Metadata", message: "the value of \(key) is not base64 of UTF-8 text")
                }
                result[String(key)] = value
            } else {
                result[String(key)] = ""
            }
        }
        return result
    }

    static func stream(_ body: RequestBody) -> ByteStream {
        ByteStream(body.map { Array($0.readableBytesView) })
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
