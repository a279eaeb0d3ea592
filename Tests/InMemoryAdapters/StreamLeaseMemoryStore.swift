import Domain
import Foundation

/// In-memory `StreamLeaseStore` with the semantics of the real one: one atomic step per call, expired leases dropped
/// on acquire, the same device's lease replaced, views counted once per account and video per window. A test can
/// make it unreachable or make it lose everything (as a store restarted empty).
public actor StreamLeaseMemoryStore: StreamLeaseStore {
    struct Entry {
        var lease: StreamLease
        var lastHeartbeat: Date
        var viewCounted = false
    }
    private var entries: [UUID: Entry] = [:]
    /// View windows per "user:video": counted views end their window at this date.
    private var views: [String: Date] = [:]
    private var restored = true
    private var reachable = true

    public init() {}

    /// Every call throws `LeaseStoreUnavailable` while false.
    public func setReachable(_ value: Bool) { reachable = value }

    /// Forgets every lease and the restored mark, as a store restarted empty.
    public func loseEverything() {
        entries = [:]
        views = [:]
        restored = false
    }

    /// The sessions holding a lease (live or not).
    public var sessionIds: Set<UUID> { Set(entries.keys) }

    private func check() throws {
        guard reachable else { throw LeaseStoreUnavailable(reason: "the test made it unreachable") }
    }

    public func acquire(_ lease: StreamLease, limit: Int, now: Date) async throws -> LeaseAcquisition {
        try check()
        guard restored else { return .needsRestore }
        var replaced: UUID?
        var live: [UUID: Date] = [:]
        for (id, entry) in entries where entry.lease.userId == lease.userId {
            if entry.lease.expiresAt <= now {
                entries[id] = nil
            } else if entry.lease.deviceId == lease.deviceId && id != lease.sessionId {
                entries[id] = nil
                replaced = id
            } else {
                live[id] = entry.lastHeartbeat
            }
        }
        if live.count >= limit { return .limitReached(active: live) }
        entries[lease.sessionId] = Entry(lease: lease, lastHeartbeat: now)
        return .acquired(replaced: replaced)
    }

    public func heartbeat(
        userId: UUID, sessionId: UUID, positionSeconds: Double, now: Date, expiresAt: Date, view: ViewRule
    ) async throws -> LeaseHeartbeat {
        try check()
        guard var entry = entries[sessionId], entry.lease.userId == userId else { return .missing }
        guard entry.lease.expiresAt > now else { return .expired }
        let cap = now.timeIntervalSince(entry.lastHeartbeat) + 1
        let delta = max(0, min(positionSeconds - entry.lease.positionSeconds, cap))
        entry.lease.watchedSeconds += delta
        var countView = false
        if !entry.viewCounted && entry.lease.watchedSeconds >= view.afterSeconds {
            entry.viewCounted = true
            let key = "\(userId):\(entry.lease.videoId)"
            if (views[key] ?? .distantPast) <= now {
                views[key] = now.addingTimeInterval(TimeInterval(view.windowSeconds))
                countView = true
            }
        }
        entry.lease.expiresAt = expiresAt
        entry.lease.positionSeconds = positionSeconds
        entry.lastHeartbeat = now
        entries[sessionId] = entry
        return .alive(videoId: entry.lease.videoId, watchedSeconds: delta, countView: countView)
    }

    public func release(userId: UUID, sessionId: UUID) async throws {
        try check()
        if entries[sessionId]?.lease.userId == userId { entries[sessionId] = nil }
    }

    public func active(userId: UUID, now: Date) async throws -> [UUID: Date] {
        try check()
        var live: [UUID: Date] = [:]
        for (id, entry) in entries where entry.lease.userId == userId && entry.lease.expiresAt > now { live[id] = entry.lastHeartbeat }
        return live
    }

    public func restore(_ leases: [StreamLease], markRestored: Bool) async throws {
        try check()
        for lease in leases {
            if var held = entries[lease.sessionId] {
                held.lease.expiresAt = max(held.lease.expiresAt, lease.expiresAt)
                entries[lease.sessionId] = held
            } else {
                entries[lease.sessionId] = Entry(lease: lease, lastHeartbeat: Date())
            }
        }
        if markRestored { restored = true }
    }

    public func isRestored() async throws -> Bool {
        try check()
        return restored
    }
}
