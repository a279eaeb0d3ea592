#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stream of byte chunks: an upload body on its way to storage, or an object on its way to a client.
/// Iterated once; the producer is pulled (backpressure), so nothing is buffered beyond one chunk.
public struct ByteStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private let factory: @Sendable () -> AsyncIterator

    /// Wraps any sendable sequence of byte arrays.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == [UInt8] {
        factory = {
            let box = IteratorBox(base.makeAsyncIterator())
            return AsyncIterator { try await box.next() }
        }
    }

    /// A stream pulling chunks from a closure (nil ends it).
    public init(next: @escaping @Sendable () async throws -> [UInt8]?) {
        factory = { AsyncIterator(nextChunk: next) }
    }

    /// A stream of the given chunks (tests, small bodies).
    public static func chunks(_ chunks: [[UInt8]]) -> ByteStream {
        ByteStream(ChunkSequence(chunks: chunks))
    }

    public func makeAsyncIterator() -> AsyncIterator { factory() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextChunk: () async throws -> [UInt8]?

        public mutating func next() async throws -> [UInt8]? { try await nextChunk() }
    }

    /// Owns the base iterator for the one consumer of this stream.
    private final class IteratorBox<Base: AsyncIteratorProtocol> where Base.Element == [UInt8] {
        var base: Base
        init(_ base: Base) { self.base = base }
        func next() async throws -> [UInt8]? { try await base.next() }
    }

    private struct ChunkSequence: AsyncSequence, Sendable {
        let chunks: [[UInt8]]
        func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks[...]) }
        struct Iterator: AsyncIteratorProtocol {
            var chunks: ArraySlice<[UInt8]>
            mutating func next() async throws -> [UInt8]? { chunks.popFirst() }
        }
    }
}

extension ByteStream {
    /// The same bytes, failing with `error()` as soon as more than `limit` bytes have passed.
    public func limited(to limit: Int64, error: @escaping @Sendable () -> any Error) -> ByteStream {
        let base = self
        return ByteStream(
            LimitedSequence(base: base, limit: limit, error: error))
    }

    private struct LimitedSequence: AsyncSequence, Sendable {
        let base: ByteStream
        let limit: Int64
        let error: @Sendable () -> any Error
        func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator(), remaining: limit, error: error) }
        struct Iterator: AsyncIteratorProtocol {
            var base: ByteStream.AsyncIterator
            var remaining: Int64
            let error: @Sendable () -> any Error
            mutating func next() async throws -> [UInt8]? {
                guard let chunk = try await base.next() else { return nil }
                remaining -= Int64(chunk.count)
                if remaining < 0 { throw error() }
                return chunk
            }
        }
    }

    /// Reads the whole stream into memory (small objects and tests only).
    public func collect(upTo limit: Int = 64 << 20) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            bytes += chunk
            if bytes.count > limit { throw StorageError.tooLarge(limit: limit) }
        }
        return bytes
    }
}
