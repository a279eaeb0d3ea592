import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// tus 1.0 resumable uploads (core, creation, creation-with-upload, termination, expiration) at `/api/v1/uploads`.
/// https://tus.io/protocols/resumable-upload
struct UploadController {
    let limits: MediaLimits
    let createUpload: CreateUpload
    let appendUpload: AppendUpload
    let getUploadStatus: GetUploadStatus
    let terminateUpload: TerminateUpload

    func register(on routes: RouteTable) {
        let useCases = self
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
                    throw UploadError.invalidHeader(
                        name: "Upload-Defer-Length", message: "send Upload-Length; deferred lengths are not supported")
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
