import Domain
import Foundation
import Synchronization

/// Reversible "hash" that records how often the dummy path ran.
public final class FakePasswordHasher: PasswordHasher {
    private let dummyCount = Mutex(0)

    public init() {}

    public var dummyVerifications: Int { dummyCount.withLock { $0 } }

    public func hash(_ password: String) async throws -> String { "hashed:" + password }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        hash == "hashed:" + password || hash == "legacy:" + password
    }

    /// "legacy:<password>" stands for a hash made the old way.
    public func needsRehash(_ hash: String) -> Bool { hash.hasPrefix("legacy:") }

    public func verifyAgainstDummy(_ password: String) async throws { dummyCount.withLock { $0 += 1 } }
}

/// Access tokens of the form "token:<user>:<role>:<session>:<expiry>", checked against the clock.
public struct FakeAccessTokenService: AccessTokenService {
    public let lifetime: Duration = .seconds(900)
    let clock: any DateProvider

    public init(clock: any DateProvider) {
        self.clock = clock
    }

    public func issue(userId: UUID, role: Role, sessionId: UUID, now: Date) async throws -> String {
        "token:\(userId):\(role.rawValue):\(sessionId):\(now.timeIntervalSince1970 + 900)"
    }

    public func verify(_ token: String) async throws -> AccessTokenClaims {
        let parts = token.split(separator: ":").map(String.init)
        guard parts.count == 5, parts[0] == "token", let id = UUID(uuidString: parts[1]), let role = Role(rawValue: parts[2]),
            let expiry = Double(parts[4]), expiry > clock.now().timeIntervalSince1970
        else { throw AuthError.unauthenticated }
        return AccessTokenClaims(
            userId: id, role: role, sessionId: UUID(uuidString: parts[3]), expiresAt: Date(timeIntervalSince1970: expiry))
    }
}

/// One-time passwords where the code for step N is "N % 1_000_000" zero-padded; the step is now / 30.
public struct FakeOneTimePasswordService: OneTimePasswordService {
    public init() {}

    public func generateSecret() -> String { "SECRET" + String(UUID().uuidString.prefix(8)) }

    public func provisioningURI(secret: String, account: String, issuer: String) -> String {
        "otpauth://totp/\(issuer):\(account)?secret=\(secret)"
    }

    public func matchingStep(code: String, secret: String, at date: Date) -> Int64? {
        let now = Int64(date.timeIntervalSince1970) / 30
        return (now - 1...now + 1).first { Self.code(step: $0) == code }
    }

    public static func code(step: Int64) -> String {
        let text = String(step % 1_000_000)
        return String(repeating: "0", count: 6 - text.count) + text
    }

    public static func code(at date: Date) -> String { code(step: Int64(date.timeIntervalSince1970) / 30) }
}

/// Sequential tokens with a trivially reversible hash.
public final class FakeTokenGenerator: SecureTokenGenerator {
    private let counter = Mutex(0)

    public init() {}

    public func makeToken() -> String {
        "rt-"
            + String(
                counter.withLock {
                    $0 += 1
                    return $0
                }) + "-" + UUID().uuidString
    }

    public func hash(_ token: String) -> String { "h(" + token + ")" }
}

/// A clock the test moves.
public final class ManualClock: DateProvider {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Counts hits per key in memory.
public actor RateLimiterMemoryStore: RateLimiter {
    private var counts: [String: Int] = [:]

    public init() {}

    public func hit(key: String, rule: RateLimitRule) async throws -> RateLimitStatus {
        counts[key, default: 0] += 1
        let count = counts[key]!
        return RateLimitStatus(
            limit: rule.limit, remaining: max(0, rule.limit - count), resetSeconds: rule.windowSeconds, allowed: count <= rule.limit)
    }
}
