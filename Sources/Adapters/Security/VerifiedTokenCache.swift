import Foundation
import Synchronization

/// A bounded map from token text that passed verification to what it verified as. Keyed by the whole token (signature
/// included), so only the exact bytes that were verified hit; callers still check expiry on what they get back. When
/// full, entries past their expiry go first, then an arbitrary quarter: a miss only costs a verification.
final class VerifiedTokenCache<Value: Sendable>: Sendable {
    let capacity: Int
    private let expiry: @Sendable (Value) -> Date
    private let entries = Mutex<[String: Value]>([:])

    init(capacity: Int, expiry: @escaping @Sendable (Value) -> Date) {
        self.capacity = max(0, capacity)
        self.expiry = expiry
    }

    func value(for token: String) -> Value? {
        guard capacity > 0 else { return nil }
        return entries.withLock { $0[token] }
    }

    func insert(_ value: Value, for token: String, now: Date) {
        guard capacity > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { expiry($0.value) > now }
                if entries.count >= capacity {
                    for key in entries.keys.prefix(capacity / 4 + 1) { entries[key] = nil }
                }
            }
            entries[token] = value
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
