import Domain
import HummingbirdBcrypt
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// bcrypt password hashing on a thread pool, so the event loops never block on the ~250 ms a hash takes.
public struct BcryptPasswordHasher: PasswordHasher {
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
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    public func verifyAgainstDummy(_ password: String) async throws {
        let dummy = self.dummyHash
        let cost = self.cost
        _ = try await threadPool.runIfActive {
            let hash = dummy.withLockedValue { stored in
                if let stored { return stored }
                let made = Bcrypt.hash("zviewer-dummy-password", cost: cost)
                stored = made
                return made
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }
}
