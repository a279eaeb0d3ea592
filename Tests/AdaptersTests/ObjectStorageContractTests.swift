import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import Adapters

/// The object storage contract, asked of the local disk adapter and of the S3 adapter against a real
/// S3-compatible server (moto, started by scripts/test.sh).
enum StorageBackend: String, CaseIterable, Sendable {
    case localDisk, s3

    func with(_ body: @Sendable (any ObjectStorage) async throws -> Void) async throws {
        switch self {
        case .localDisk:
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("zv-objects-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: root) }
            try await body(LocalDiskObjectStorage(root: root))
        case .s3:
            let storage = try S3ObjectStorage(configuration: try Self.s3Configuration())
            try await storage.createBucketIfMissing()
            try await body(storage)
        }
    }

    /// A fresh bucket on the test S3 server; 5 MiB parts so multipart paths run with small files.
    static func s3Configuration(
        bucket: String = "zv-test-\(UUID().uuidString.prefix(8).lowercased())"
    ) throws -> S3ObjectStorage.Configuration {
        S3ObjectStorage.Configuration(
            endpoint: try TestEnvironment.value("TEST_S3_ENDPOINT"), region: "us-east-1", bucket: bucket,
            accessKeyId: "testing", secretAccessKey: "testing", pathStyle: true, partSize: 5 << 20)
    }
}

func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count)
    bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while offset < raw.count {
            var word = generator.next()
            let n = min(8, raw.count - offset)
            withUnsafeBytes(of: &word) { raw.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: n) }
            offset += n
        }
    }
    return bytes
}

/// Splits bytes into uneven chunks, as a network would deliver them.
func stream(_ bytes: [UInt8], chunk: Int = 64 * 1024 + 7) -> ByteStream {
    .chunks(stride(from: 0, to: bytes.count, by: chunk).map { Array(bytes[$0..<min($0 + chunk, bytes.count)]) })
}

struct InterruptedBody: Error {}

@Suite("Object storage contract")
struct ObjectStorageContractTests {
    @Test("put then get returns the same bytes; head reports size, type and etag", arguments: StorageBackend.allCases)
    func roundTrip(backend: StorageBackend) async throws {
        try await backend.with { storage in
            for size in [0, 1, 300_000, 11 << 20] {
                let key = try ObjectKey("videos/\(UUID().uuidString.lowercased())/seg-\(size).m4s")
                let bytes = randomBytes(size)
                let info = try await storage.put(key: key, body: stream(bytes))
                #expect(info.size == Int64(size))
                let read = try await storage.get(key: key, range: nil)
                let got = try await read.body.collect()
                #expect(got == bytes, "size \(size)")
                let head = try await storage.head(key: key)
                #expect(head?.size == Int64(size))
                #expect(head?.contentType == "video/iso.segment")
                #expect(head?.etag == info.etag)
                #expect(head?.etag.isEmpty == false)
            }
        }
    }

    @Test("ranges: first byte, last byte, suffix, open end, clipped end, unsatisfiable", arguments: StorageBackend.allCases)
    func ranges(backend: StorageBackend) async throws {
        try await backend.with { storage in
            let key = try ObjectKey("videos/r/original")
            let bytes = randomBytes(1000)
            _ = try await storage.put(key: key, body: stream(bytes, chunk: 333))
            let cases: [(ByteRange, ClosedRange<Int>)] = [
                (.bounded(first: 0, last: 0), 0...0), (.bounded(first: 999, last: 999), 999...999),
                (.suffix(10), 990...999), (.from(500), 500...999), (.bounded(first: 10, last: 5000), 10...999),
                (.suffix(5000), 0...999),
            ]
            for (range, expected) in cases {
                let read = try await storage.get(key: key, range: range)
                #expect(read.range == Int64(expected.lowerBound)...Int64(expected.upperBound))
                let got = try await read.body.collect()
                #expect(got == Array(bytes[expected]), "\(range)")
            }
            for range in [ByteRange.from(1000), .bounded(first: 1000, last: 2000), .suffix(0)] {
                await #expect(throws: StorageError.rangeNotSatisfiable(size: 1000)) {
                    _ = try await storage.get(key: key, range: range)
                }
            }
        }
    }

    @Test("missing objects: get throws notFound, head is nil, delete is fine", arguments: StorageBackend.allCases)
    func missing(backend: StorageBackend) async throws {
        try await backend.with { storage in
            let key = try ObjectKey("videos/none/original")
            await #expect(throws: StorageError.notFound(key.value)) { _ = try await storage.get(key: key, range: nil) }
            let head = try await storage.head(key: key)
            #expect(head == nil)
            try await storage.delete(key: key)
        }
    }

    @Test("overwrite replaces; delete removes", arguments: StorageBackend.allCases)
    func overwriteAndDelete(backend: StorageBackend) async throws {
        try await backend.with { storage in
            let key = try ObjectKey("videos/o/poster.jpg")
            _ = try await storage.put(key: key, body: stream([1, 2, 3]))
            _ = try await storage.put(key: key, body: stream([4, 5]))
            let got = try await storage.get(key: key, range: nil).body.collect()
            #expect(got == [4, 5])
            try await storage.delete(key: key)
            let head = try await storage.head(key: key)
            #expect(head == nil)
        }
    }

    @Test("list and delete by prefix touch only that folder", arguments: StorageBackend.allCases)
    func prefixes(backend: StorageBackend) async throws {
        try await backend.with { storage in
            let a = "videos/\(UUID().uuidString.lowercased())"
            let b = a + "x"  // shares the string prefix but is another folder
            let keys = [a + "/original", a + "/hls/720p/seg-1.m4s", a + "/hls/720p/init.mp4", b + "/original"]
            for key in keys { _ = try await storage.put(key: try ObjectKey(key), body: stream([7])) }
            let listed = try await storage.list(prefix: try ObjectKey(a)).map(\.key.value)
            #expect(listed == [a + "/hls/720p/init.mp4", a + "/hls/720p/seg-1.m4s", a + "/original"])
            let removed = try await storage.deletePrefix(try ObjectKey(a))
            #expect(removed == 3)
            let left = try await storage.list(prefix: try ObjectKey(a))
            #expect(left.isEmpty)
            let other = try await storage.head(key: try ObjectKey(b + "/original"))
            #expect(other?.size == 1)
        }
    }

    @Test("a body that fails midway leaves no object (single and multipart)", arguments: StorageBackend.allCases)
    func failedPut(backend: StorageBackend) async throws {
        try await backend.with { storage in
            for size in [100_000, 12 << 20] {
                let key = try ObjectKey("videos/f/original-\(size)")
                let bytes = randomBytes(size)
                let chunks = stride(from: 0, to: size, by: 1 << 20).map { Array(bytes[$0..<min($0 + (1 << 20), size)]) }
                let failing = ByteStream.chunks(chunks).limited(to: Int64(size / 2)) { InterruptedBody() }
                await #expect(throws: InterruptedBody.self) { _ = try await storage.put(key: key, body: failing) }
                let head = try await storage.head(key: key)
                #expect(head == nil)
            }
        }
    }

    @Test("putFile stores a local file under a key", arguments: StorageBackend.allCases)
    func putFile(backend: StorageBackend) async throws {
        try await backend.with { storage in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("zv-\(UUID().uuidString)").path
            let bytes = randomBytes(6 << 20)
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let key = try ObjectKey("videos/p/original")
            let info = try await storage.putFile(key: key, path: path)
            #expect(info.size == Int64(bytes.count))
            let got = try await storage.get(key: key, range: nil).body.collect()
            #expect(got == bytes)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }
}

@Suite("Local disk storage")
struct LocalDiskStorageTests {
    @Test("keys that could escape the root or confuse a file system are refused")
    func hostileKeys() {
        let long = String(repeating: "a", count: 600)
        for key in [
            "../etc/passwd", "videos/../../x", "/etc/passwd", "a/./b", "a//b", "a/", ".hidden", "a/.tmp/x",
            "a\u{0}b", "a\\b", "", String(repeating: "b", count: 129), long, "vidéos/x", "a b", "a/..", "~root",
        ] {
            #expect(throws: StorageError.self, "\(key.debugDescription)") { _ = try ObjectKey(key) }
        }
        #expect((try? ObjectKey("videos/0f8e/hls/720p/seg-00001.m4s")) != nil)
    }

    @Test("a failed put leaves no temporary file behind; objects land under the root only")
    func noLeftovers() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zv-objects-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = LocalDiskObjectStorage(root: root)
        let failing = stream(randomBytes(3 << 20), chunk: 1 << 20).limited(to: 2 << 20) { InterruptedBody() }
        await #expect(throws: InterruptedBody.self) { _ = try await storage.put(key: try ObjectKey("videos/x/original"), body: failing) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.tmp").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root + "/videos/x/original"))
        _ = try await storage.put(key: try ObjectKey("videos/x/original"), body: stream([1, 2, 3]))
        #expect(FileManager.default.fileExists(atPath: root + "/videos/x/original"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.tmp").isEmpty)
    }
}

@Suite("S3 storage")
struct S3StorageTests {
    @Test("a presigned GET URL serves the object without credentials")
    func presigned() async throws {
        try await StorageBackend.s3.with { storage in
            let key = try ObjectKey("videos/s/poster.jpg")
            let bytes = randomBytes(2000)
            _ = try await storage.put(key: key, body: stream(bytes))
            let url = try #require(try await storage.presignedGetURL(key: key, expiresIn: 300))
            #expect(url.contains("X-Amz-Signature="))
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            #expect(response.status.code == 200)
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(Array(body.readableBytesView) == bytes)
        }
    }

    // moto does not check signatures, so the signer is held to the examples AWS publishes for Signature V4
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html and
    // sigv4-query-string-auth.html); a signer that passes them is accepted by S3 and MinIO.
    static let example = SigV4Signer(
        accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    static let exampleDate = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    static func signature(_ headers: [(String, String)]) -> String? {
        headers.first { $0.0 == "Authorization" }?.1.components(separatedBy: "Signature=").last
    }

    @Test("Signature V4 matches AWS's published examples (GET with Range, PUT, bucket queries)")
    func signatureVectors() {
        let host = "examplebucket.s3.amazonaws.com"
        let get = Self.example.sign(
            method: "GET", host: host, path: "/test.txt", query: [], headers: [("Range", "bytes=0-9")],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Self.exampleDate)
        #expect(Self.signature(get) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(get.first { $0.0 == "Authorization" }?.1.contains("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date") == true)

        let put = Self.example.sign(
            method: "PUT", host: host, path: "/test$file.text", query: [],
            headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payloadHash: "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", date: Self.exampleDate)
        #expect(Self.signature(put) == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")

        let lifecycle = Self.example.sign(
            method: "GET", host: host, path: "/", query: [("lifecycle", "")], headers: [],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Self.exampleDate)
        #expect(Self.signature(lifecycle) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")

        let list = Self.example.sign(
            method: "GET", host: host, path: "/", query: [("max-keys", "2"), ("prefix", "J")], headers: [],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Self.exampleDate)
        #expect(Self.signature(list) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("presigned URL signature matches AWS's published example")
    func presignVector() {
        let query = Self.example.presignedQuery(
            host: "examplebucket.s3.amazonaws.com", path: "/test.txt", expires: 86400, date: Self.exampleDate)
        #expect(query.contains("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
        #expect(query.contains("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"))
    }
}
