import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// tus 1.0 resumable uploads (core, creation, creation-with-upload, termination, expiration) at `/api/v1/uploads`.
/// https://tus.io/protocols/resumable-upload
struct UploadController {
    let useCases: AppUseCases

    func register(on routes: RouteTable) {
        let useCases = self.useCases
        let maxSize = useCases.limits.maxUploadBytes
        routes.add(.options, "/api/v1/uploads") { _, _ in
            var headers = TusHeaders.common
            headers[TusHeaders.version] = "1.0.0"
            headers[TusHeaders.extensions] = "creation,creation-with-upload,termination,expiration"
            headers[TusHeaders.maxSize] = String(maxSize)
            return Response(status: .noContent, headers: headers)
        }
        routes.add(.post, "/api/v1/uploads") { request, context in
            try await TusHeaders.answering(request) {
                let principal = try context.requirePrincipal()
                try TusHeaders.checkVersion(request)
                if request.headers[TusHeaders.deferLength] != nil {
                    throw UploadError.invalidHeader(name: "Upload-Defer-Length", message: "send Upload-Length; deferred lengths are not supported")
                }
                let length = try TusHeaders.integer(request, TusHeaders.uploadLength)
                let raw = request.headers[TusHeaders.metadata]
                let metadata = try TusHeaders.parseMetadata(raw)
                // creation-with-upload is signalled by the body's media type; a body of any other type is refused.
                let hasBody = request.headers[.contentType] != nil
                if hasBody { try TusHeaders.checkContentType(request) }
                var upload = try await useCases.createUpload.execute(
                    .init(principal: principal, length: length, rawMetadata: raw, metadata: metadata))
                var headers = TusHeaders.common
                headers[.location] = "/api/v1/uploads/\(upload.id.lowercasedString)"
                if hasBody {
                    // creation-with-upload: the first bytes travel with the creation request.
                    let output = try await useCases.appendUpload.execute(
                        .init(principal: principal, uploadId: upload.id, offset: 0, body: TusHeaders.stream(request.body)))
                    upload = output.upload
                    headers[TusHeaders.uploadOffset] = String(upload.offset)
                }
                headers[TusHeaders.expires] = TusHeaders.httpDate(upload.expiresAt)
                return Response(status: .created, headers: headers)
            }
        }
        routes.add(.head, "/api/v1/uploads/:id") { request, context in
            try await TusHeaders.answering(request) {
                let principal = try context.requirePrincipal()
                let id = try context.uuidParameter("id", notFound: UploadError.notFound)
                let upload = try await useCases.getUploadStatus.execute(.init(principal: principal, uploadId: id))
                var headers = TusHeaders.common
                headers[TusHeaders.uploadOffset] = String(upload.offset)
                headers[TusHeaders.uploadLength] = String(upload.length)
                if let metadata = upload.rawMetadata { headers[TusHeaders.metadata] = metadata }
                headers[TusHeaders.expires] = TusHeaders.httpDate(upload.expiresAt)
                headers[.cacheControl] = "no-store"
                return Response(status: .ok, headers: headers)
            }
        }
        routes.add(.patch, "/api/v1/uploads/:id") { request, context in
            try await TusHeaders.answering(request) {
                let principal = try context.requirePrincipal()
                let id = try context.uuidParameter("id", notFound: UploadError.notFound)
                try TusHeaders.checkVersion(request)
                try TusHeaders.checkContentType(request)
                let offset = try TusHeaders.integer(request, TusHeaders.uploadOffset)
                let output = try await useCases.appendUpload.execute(
                    .init(principal: principal, uploadId: id, offset: offset, body: TusHeaders.stream(request.body)))
                var headers = TusHeaders.common
                headers[TusHeaders.uploadOffset] = String(output.upload.offset)
                headers[TusHeaders.expires] = TusHeaders.httpDate(output.upload.expiresAt)
                return Response(status: .noContent, headers: headers)
            }
        }
        routes.add(.delete, "/api/v1/uploads/:id") { request, context in
            try await TusHeaders.answering(request) {
                let principal = try context.requirePrincipal()
                let id = try context.uuidParameter("id", notFound: UploadError.notFound)
                try TusHeaders.checkVersion(request)
                try await useCases.terminateUpload.execute(.init(principal: principal, uploadId: id))
                return Response(status: .noContent, headers: TusHeaders.common)
            }
        }
    }
}

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
