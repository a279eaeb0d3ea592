import AsyncHTTPClient
import Crypto
import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// Objects in any S3-compatible service (AWS S3, MinIO, ...), signed with AWS Signature V4 over
/// async-http-client. Bodies stream both ways; a put larger than one part becomes a multipart upload (aborted on
/// failure), so an object appears under its key only when complete.
public struct S3ObjectStorage: ObjectStorage {
    public struct Configuration: Sendable {
        /// `http(s)://host[:port]`.
        public var endpoint: String
        public var region: String
        public var bucket: String
        public var accessKeyId: String
        public var secretAccessKey: String
        /// `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO and most self-hosted services need it).
        public var pathStyle: Bool
        /// Multipart part size (S3's minimum is 5 MiB except for the last part).
        public var partSize: Int

        public init(
            endpoint: String, region: String, bucket: String, accessKeyId: String, secretAccessKey: String,
            pathStyle: Bool, partSize: Int = 8 << 20
        ) {
            self.endpoint = endpoint
            self.region = region
            self.bucket = bucket
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.pathStyle = pathStyle
            self.partSize = max(partSize, 5 << 20)
        }
    }

    let configuration: Configuration
    let signer: SigV4Signer
    let http: HTTPClient
    let scheme: String
    let host: String
    let basePath: String

    public init(configuration: Configuration, httpClient: HTTPClient = .shared) throws(StorageError) {
        guard let url = URLComponents(string: configuration.endpoint), let scheme = url.scheme,
            ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty
        else { throw .backend("S3_ENDPOINT must look like http(s)://host[:port]") }
        self.configuration = configuration
        self.signer = SigV4Signer(
            accessKeyId: configuration.accessKeyId, secretAccessKey: configuration.secretAccessKey,
            region: configuration.region)
        self.http = httpClient
        self.scheme = scheme
        let defaultPort = scheme == "https" ? 443 : 80
        let authority = url.port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host
        self.host = configuration.pathStyle ? authority : "\(configuration.bucket).\(authority)"
        self.basePath = configuration.pathStyle ? "/\(configuration.bucket)" : ""
    }

    // MARK: ObjectStorage

    public func put(key: ObjectKey, body: ByteStream) async throws -> ObjectInfo {
        var part: [UInt8] = []
        part.reserveCapacity(configuration.partSize)
        var iterator = body.makeAsyncIterator()
        var exhausted = false
        while part.count < configuration.partSize {
            guard let chunk = try await iterator.next() else {
                exhausted = true
                break
            }
            part += chunk
        }
        if exhausted {
            _ = try await send("PUT", key: key, body: part, headers: [("Content-Type", key.contentType)], expect: [200])
        } else {
            try await multipartUpload(key: key, first: part, rest: &iterator)
        }
        guard let info = try await head(key: key) else { throw StorageError.backend("S3 object missing after put: \(key)") }
        return info
    }

    public func putFile(key: ObjectKey, path: String) async throws -> ObjectInfo {
        let read = try await LocalDiskObjectStorage.readFile(at: path, range: nil, key: key)
        let info = try await put(key: key, body: read.body)
        try await POSIXFile.offload { try POSIXFile.unlink(path) }
        return info
    }

    public func copyToFile(key: ObjectKey, path: String) async throws {
        try await POSIXFile.create(path, from: try await get(key: key, range: nil).body)
    }

    public func get(key: ObjectKey, range: ByteRange?) async throws -> ObjectRead {
        guard let info = try await head(key: key) else { throw StorageError.notFound(key.value) }
        var headers: [(String, String)] = []
        var offsets: ClosedRange<Int64>?
        if let range {
            guard let resolved = range.resolve(size: info.size) else { throw StorageError.rangeNotSatisfiable(size: info.size) }
            offsets = resolved
            headers.append(("Range", "bytes=\(resolved.lowerBound)-\(resolved.upperBound)"))
        }
        let response = try await execute("GET", path: objectPath(key), headers: headers, timeout: .hours(6))
        switch response.status.code {
        case 200, 206: break
        case 404: throw StorageError.notFound(key.value)
        default: throw try await failure(response, "GET \(key)")
        }
        let body = response.body
        return ObjectRead(info: info, range: offsets, body: ByteStream(body.map { Array($0.readableBytesView) }))
    }

    public func head(key: ObjectKey) async throws -> ObjectInfo? {
        let response = try await execute("HEAD", path: objectPath(key))
        switch response.status.code {
        case 200:
            let size = response.headers.first(name: "content-length").flatMap { Int64($0) } ?? 0
            return ObjectInfo(
                key: key, size: size, etag: response.headers.first(name: "etag") ?? "\"\"",
                contentType: response.headers.first(name: "content-type") ?? key.contentType,
                lastModified: response.headers.first(name: "last-modified").flatMap(Self.httpDate))
        case 404: return nil
        default: throw try await failure(response, "HEAD \(key)")
        }
    }

    public func delete(key: ObjectKey) async throws {
        _ = try await send("DELETE", key: key, expect: [200, 204, 404])
    }

    public func deletePrefix(_ prefix: ObjectKey) async throws -> Int {
        let objects = try await list(prefix: prefix)
        for start in stride(from: 0, to: objects.count, by: 1000) {
            let batch = objects[start..<min(start + 1000, objects.count)]
            let xml =
                "<Delete><Quiet>true</Quiet>"
                + batch.map { "<Object><Key>\(S3XML.escape($0.key.value))</Key></Object>" }.joined() + "</Delete>"
            let bytes = Array(xml.utf8)
            let md5 = Data(Insecure.MD5.hash(data: bytes)).base64EncodedString()
            let response = try await execute(
                "POST", path: bucketPath, query: [("delete", "")], headers: [("Content-MD5", md5), ("Content-Type", "application/xml")],
                body: bytes)
            let text = try await Self.text(response)
            guard response.status.code == 200, !text.contains("<Error>") else {
                throw StorageError.backend(
                    "S3 DeleteObjects under \(prefix): \(response.status.code) \(S3XML.value("Code", in: text[...]) ?? "")")
            }
        }
        return objects.count
    }

    public func list(prefix: ObjectKey) async throws -> [ObjectInfo] {
        var objects: [ObjectInfo] = []
        var continuation: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix.value + "/")]
            if let continuation { query.append(("continuation-token", continuation)) }
            let response = try await execute("GET", path: bucketPath, query: query)
            let text = try await Self.text(response)
            guard response.status.code == 200 else {
                throw StorageError.backend(
                    "S3 ListObjectsV2 \(prefix): \(response.status.code) \(S3XML.value("Code", in: text[...]) ?? "")")
            }
            for block in S3XML.blocks("Contents", in: text[...]) {
                guard let rawKey = S3XML.value("Key", in: block), let key = try? ObjectKey(rawKey) else { continue }
                objects.append(
                    ObjectInfo(
                        key: key, size: S3XML.value("Size", in: block).flatMap { Int64($0) } ?? 0,
                        etag: S3XML.value("ETag", in: block) ?? "\"\"", contentType: key.contentType,
                        lastModified: S3XML.value("LastModified", in: block).flatMap(Self.isoDate)))
            }
            continuation = S3XML.value("IsTruncated", in: text[...]) == "true" ? S3XML.value("NextContinuationToken", in: text[...]) : nil
        } while continuation != nil
        return objects.sorted { $0.key.value < $1.key.value }
    }

    public func localPath(of key: ObjectKey) -> String? { nil }

    public func presignedGetURL(key: ObjectKey, expiresIn seconds: Int) async throws -> String? {
        let path = objectPath(key)
        let query = signer.presignedQuery(host: host, path: path, expires: min(max(seconds, 1), 7 * 24 * 3600))
        return "\(scheme)://\(host)\(SigV4Signer.encodePath(path))?\(query)"
    }

    public func checkReachable() async throws {
        let response = try await execute("HEAD", path: bucketPath, timeout: .seconds(5))
        guard response.status.code == 200 else { throw StorageError.backend("S3 bucket \(configuration.bucket): \(response.status.code)") }
    }

    /// Creates the bucket when it does not exist (development and tests; production buckets are provisioned).
    public func createBucketIfMissing() async throws {
        let response = try await execute("PUT", path: bucketPath)
        let text = try await Self.text(response)
        guard response.status.code == 200 || text.contains("BucketAlreadyOwnedByYou") else {
            throw StorageError.backend("S3 CreateBucket \(configuration.bucket): \(response.status.code)")
        }
    }

    // MARK: Multipart

    private func multipartUpload(key: ObjectKey, first: [UInt8], rest iterator: inout ByteStream.AsyncIterator) async throws {
        let created = try await send(
            "POST", key: key, query: [("uploads", "")], headers: [("Content-Type", key.contentType)], expect: [200])
        guard let uploadId = S3XML.value("UploadId", in: created[...]) else {
            throw StorageError.backend("S3 CreateMultipartUpload \(key): no UploadId")
        }
        do {
            var etags: [String] = []
            var part = first
            var finished = false
            while !finished {
                // Fill the next part before sending this one, so only the last part may be small.
                etags.append(try await uploadPart(key: key, uploadId: uploadId, number: etags.count + 1, bytes: part))
                part.removeAll(keepingCapacity: true)
                while part.count < configuration.partSize {
                    guard let chunk = try await iterator.next() else {
                        finished = true
                        break
                    }
                    part += chunk
                }
                if finished && !part.isEmpty {
                    etags.append(try await uploadPart(key: key, uploadId: uploadId, number: etags.count + 1, bytes: part))
                }
            }
            let xml =
                "<CompleteMultipartUpload>"
                + etags.enumerated().map {
                    "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(S3XML.escape($0.element))</ETag></Part>"
                }
                .joined() + "</CompleteMultipartUpload>"
            let completed = try await send(
                "POST", key: key, query: [("uploadId", uploadId)], body: Array(xml.utf8),
                headers: [("Content-Type", "application/xml")], expect: [200])
            // S3 may answer 200 with an error document when completion fails late.
            if completed.contains("<Error>") {
                throw StorageError.backend("S3 CompleteMultipartUpload \(key): \(S3XML.value("Code", in: completed[...]) ?? "error")")
            }
        } catch {
            _ = try? await send("DELETE", key: key, query: [("uploadId", uploadId)], expect: [200, 204, 404])
            throw error
        }
    }

    private func uploadPart(key: ObjectKey, uploadId: String, number: Int, bytes: [UInt8]) async throws -> String {
        let response = try await execute(
            "PUT", path: objectPath(key), query: [("partNumber", String(number)), ("uploadId", uploadId)], body: bytes,
            timeout: .minutes(10))
        guard response.status.code == 200, let etag = response.headers.first(name: "etag") else {
            throw try await failure(response, "UploadPart \(number) of \(key)")
        }
        _ = try await response.body.collect(upTo: 1 << 20)
        return etag
    }

    // MARK: HTTP

    private func objectPath(_ key: ObjectKey) -> String { basePath + "/" + key.value }

    /// The bucket itself (`/bucket` path-style, `/` virtual-hosted).
    private var bucketPath: String { basePath.isEmpty ? "/" : basePath }

    /// Sends a request and returns the body text, failing unless the status is expected.
    private func send(
        _ method: String, key: ObjectKey, query: [(String, String)] = [], body: [UInt8]? = nil,
        headers: [(String, String)] = [], expect: Set<UInt>
    ) async throws -> String {
        let response = try await execute(method, path: objectPath(key), query: query, headers: headers, body: body, timeout: .minutes(10))
        guard expect.contains(response.status.code) else { throw try await failure(response, "\(method) \(key)") }
        return try await Self.text(response)
    }

    private func execute(
        _ method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
        body: [UInt8]? = nil, timeout: TimeAmount = .seconds(60)
    ) async throws -> HTTPClientResponse {
        let payloadHash = body.map { SHA256.hash(data: $0).hex } ?? SigV4Signer.emptyPayloadHash
        let queryString = SigV4Signer.canonicalQuery(query)
        var request = HTTPClientRequest(
            url: "\(scheme)://\(host)\(SigV4Signer.encodePath(path))" + (queryString.isEmpty ? "" : "?\(queryString)"))
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let signature = signer.sign(method: method, host: host, path: path, query: query, headers: headers, payloadHash: payloadHash)
        for (name, value) in signature { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            return try await http.execute(request, timeout: timeout)
        } catch {
            throw StorageError.backend("S3 \(method) \(path): \(String(reflecting: error))")
        }
    }

    private func failure(_ response: HTTPClientResponse, _ operation: String) async throws -> StorageError {
        let text = (try? await Self.text(response)) ?? ""
        return .backend("S3 \(operation): \(response.status.code) \(S3XML.value("Code", in: text[...]) ?? "")")
    }

    private static func text(_ response: HTTPClientResponse) async throws -> String {
        let buffer = try await response.body.collect(upTo: 4 << 20)
        return String(buffer: buffer)
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    private static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
