import Domain
import HummingbirdBcrypt
import NIOCore
import NIOPosix

/// bcrypt password hashing on a thread pool, so the event loops never block on the ~250 ms a hash takes.
public struct BcryptPasswordHasher: PasswordHasher {
    let cost: UInt8
    let threadPool: NIOThreadPool
    /// A real hash at the same cost, verified against for unknown accounts so they answer in the same time.
    let dummyHash: String

    public init(cost: UInt8, threadPool: NIOThreadPool = .singleton) {
        self.cost = cost
        self.threadPool = threadPool
        self.dummyHash = Bcrypt.hash("zviewer-dummy-password", cost: cost)
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
        _ = try await threadPool.runIfActive { Bcrypt.verify(password, hash: dummy) }
    }
}
