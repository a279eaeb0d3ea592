import Crypto
import Domain
import Foundation
import HummingbirdBcrypt
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// bcrypt password hashing on a thread pool, so the event loops never block on the ~250 ms a hash takes.
///
/// bcrypt reads at most 72 bytes of its input, so two passwords sharing their first 72 bytes would match each
/// other. New hashes are taken over the password's SHA-256 (base64, 44 bytes), so every byte counts; they are
/// stored with a `prehashedPrefix` so hashes made before that (over the raw password) still verify as they were.
public struct BcryptPasswordHasher: PasswordHasher {
    /// Marks a hash taken over the password's SHA-256.
    static let prehashedPrefix = "sha256:"
    let cost: UInt8
    let threadPool: NIOThreadPool
    /// A real hash at the same cost, verified against for unknown accounts so they answer in the same time.
    /// Made on first use, on the thread pool, so constructing the hasher costs nothing.
    let dummyHash = NIOLockedValueBox<String?>(nil)

    public init(cost: UInt8, threadPool: NIOThreadPool = .singleton) {
        self.cost = cost
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { Self.prehashedPrefix + Bcrypt.hash(Self.prehash(password), cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive {
            if hash.hasPrefix(Self.prehashedPrefix) {
                return Bcrypt.verify(Self.prehash(password), hash: String(hash.dropFirst(Self.prehashedPrefix.count)))
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }

    /// Hashes over the raw password (first 72 bytes only) are replaced once the password is known again.
    public func needsRehash(_ hash: String) -> Bool { !hash.hasPrefix(Self.prehashedPrefix) }

    /// The password's SHA-256 in base64: 44 bytes whatever the password's length, none of them NUL.
    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Array(password.utf8))).base64EncodedString()
    }

    public func verifyAgainstDummy(_ password: String) async throws {
        let dummy = self.dummyHash
        let cost = self.cost
        _ = try await threadPool.runIfActive {
            let hash = dummy.withLockedValue { stored in
                if let stored { return stored }
                let made = Bcrypt.hash(Self.prehash("zviewer-dummy-password"), cost: cost)
                stored = made
                return made
            }
            return Bcrypt.verify(Self.prehash(password), hash: hash)
        }
    }
}
