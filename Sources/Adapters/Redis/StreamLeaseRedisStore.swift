import Crypto
import Domain
import Foundation
import Logging

/// Stream leases in Redis. Per session a small hash holding the lease's expiry (ms since 1970) with the session's
/// state (user, video, device, position, last heartbeat, watched seconds, view counted); per account a set of its
/// session ids. A heartbeat touches the session's hash only (and refreshes the set's TTL): reading and writing a
/// hash is about half the Redis time of the sorted set scored by expiry this replaced. A play walks the account's
/// few sessions instead, dropping expired ones and the same device's. Every change is one Lua script, so replicas
/// never race on a read-then-write. A sentinel key marks that the store holds the state restored from PostgreSQL;
/// after Redis restarts empty it is missing and plays ask for a restore first.
///
/// Keys (under `REDIS_KEY_PREFIX`): `sa:<user>` the account's sessions, `ss:<session>` the lease and session state,
/// `sv:<user>:<video>` the view window, `leases:v2:restored` the sentinel (renamed with the layout, so a server
/// started on a Redis holding the older layout restores from PostgreSQL first). Scripts build the per-session keys
/// they touch from the prefix (a single Redis, not a cluster). Every key has a TTL that heartbeats renew, so an
/// abandoned account's keys go away on their own.
public struct StreamLeaseRedisStore: StreamLeaseStore {
    let redis: RedisClient
    let prefix: String
    let logger: Logger

    public init(redis: RedisClient, keyPrefix: String, logger: Logger) {
        self.redis = redis
        self.prefix = keyPrefix
        self.logger = logger
    }

    /// KEYS: account set, new session, sentinel. ARGV: now, expiry, limit, session, device, user, video, prefix, key
    /// TTL, position, watched. Replies {-1} (restore first), {1, replaced session or ''} or {0, session, last
    /// heartbeat, ...} at the limit.
    static let acquire = Script(
        """
        if redis.call('EXISTS', KEYS[3]) == 0 then return {-1} end
        local now = tonumber(ARGV[1])
        local replaced = ''
        local live = {0}
        for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local key = ARGV[8] .. 'ss:' .. member
          local s = redis.call('HMGET', key, 'e', 'd', 'hb')
          local expiry = tonumber(s[1])
          if not expiry or expiry <= now then
            redis.call('SREM', KEYS[1], member)
          elseif s[2] == ARGV[5] and member ~= ARGV[4] then
            redis.call('SREM', KEYS[1], member)
            redis.call('DEL', key)
            replaced = member
          else
            live[#live + 1] = member
            live[#live + 1] = s[3] or '0'
          end
        end
        if (#live - 1) / 2 >= tonumber(ARGV[3]) then return live end
        redis.call('SADD', KEYS[1], ARGV[4])
        redis.call('HSET', KEYS[2], 'e', ARGV[2], 'u', ARGV[6], 'v', ARGV[7], 'd', ARGV[5], 'pos', ARGV[10], 'hb', ARGV[1], 'w', ARGV[11], 'c', '0')
        redis.call('PEXPIRE', KEYS[1], ARGV[9])
        redis.call('PEXPIRE', KEYS[2], ARGV[9])
        return {1, replaced}
        """)

    /// KEYS: account set, session. ARGV: now, expiry, position, key TTL, view after seconds, view window ms, prefix,
    /// user. Replies {0} (no such lease, or another account's: the caller's id is checked here), {-1} (expired) or
    /// {1, video, watched delta, view counted}.
    static let heartbeat = Script(
        """
        local s = redis.call('HMGET', KEYS[2], 'e', 'v', 'pos', 'hb', 'w', 'c', 'u')
        if not s[1] or not s[2] or s[7] ~= ARGV[8] then return {0} end
        local now = tonumber(ARGV[1])
        if tonumber(s[1]) <= now then return {-1} end
        local pos = tonumber(ARGV[3])
        local delta = pos - (tonumber(s[3]) or pos)
        local cap = (now - (tonumber(s[4]) or now)) / 1000 + 1
        if delta < 0 then delta = 0 end
        if delta > cap then delta = cap end
        local watched = (tonumber(s[5]) or 0) + delta
        local view = 0
        if s[6] ~= '1' and watched >= tonumber(ARGV[5]) then
          redis.call('HSET', KEYS[2], 'c', '1')
          if redis.call('SET', ARGV[7] .. 'sv:' .. ARGV[8] .. ':' .. s[2], '1', 'NX', 'PX', ARGV[6]) then view = 1 end
        end
        redis.call('HSET', KEYS[2], 'e', ARGV[2], 'pos', ARGV[3], 'hb', ARGV[1], 'w', tostring(watched))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        return {1, s[2], tostring(delta), view}
        """)

    /// KEYS: account set, session. ARGV: session.
    static let release = Script(
        """
        redis.call('SREM', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        return 1
        """)

    /// KEYS: account set. ARGV: now, prefix. Replies session, last heartbeat, ... for the live leases.
    static let active = Script(
        """
        local out = {}
        local now = tonumber(ARGV[1])
        for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local s = redis.call('HMGET', ARGV[2] .. 'ss:' .. member, 'e', 'hb')
          local expiry = tonumber(s[1])
          if expiry and expiry > now then
            out[#out + 1] = member
            out[#out + 1] = s[2] or '0'
          end
        end
        return out
        """)

    /// Puts a lease back without shortening a live one and without overwriting newer session state.
    /// KEYS: account set, session. ARGV: session, expiry, user, video, device, position, last heartbeat, watched, key
    /// TTL, view counted.
    static let restore = Script(
        """
        redis.call('SADD', KEYS[1], ARGV[1])
        local expiry = redis.call('HGET', KEYS[2], 'e')
        if redis.call('EXISTS', KEYS[2]) == 0 then
          redis.call('HSET', KEYS[2], 'e', ARGV[2], 'u', ARGV[3], 'v', ARGV[4], 'd', ARGV[5], 'pos', ARGV[6], 'hb', ARGV[7], 'w', ARGV[8], 'c', ARGV[10])
        elseif not expiry or tonumber(expiry) < tonumber(ARGV[2]) then
          redis.call('HSET', KEYS[2], 'e', ARGV[2])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[9])
        redis.call('PEXPIRE', KEYS[2], ARGV[9])
        return 1
        """)

    func accountKey(_ userId: UUID) -> String { prefix + "sa:" + userId.lowercasedString }
    func sessionKey(_ sessionId: UUID) -> String { prefix + "ss:" + sessionId.lowercasedString }
    var sentinelKey: String { prefix + "leases:v2:restored" }

    static func millis(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
    static func date(millis: String) -> Date { Date(timeIntervalSince1970: (Double(millis) ?? 0) / 1000) }
    /// Three decimals, as `%.3f` would print them (String(format:) was a measurable share of a heartbeat).
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "0.000" }
        let thousandths = Int64((abs(value) * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return (value < 0 && thousandths != 0 ? "-" : "") + String(thousandths / 1000) + "."
            + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// How long keys outlive their newest lease (so an idle account's keys go away on their own).
    static func keyTTL(now: Date, expiresAt: Date) -> String {
        String(max(1000, Int64(expiresAt.timeIntervalSince(now) * 1000) * 2))
    }

    public func acquire(_ lease: StreamLease, limit: Int, now: Date) async throws -> LeaseAcquisition {
        let sid = lease.sessionId.lowercasedString
        let reply = try await run(
            Self.acquire,
            keys: [accountKey(lease.userId), sessionKey(lease.sessionId), sentinelKey],
            arguments: [
                Self.millis(now), Self.millis(lease.expiresAt), String(limit), sid, lease.deviceId, lease.userId.lowercasedString,
                lease.videoId.lowercasedString, prefix, Self.keyTTL(now: now, expiresAt: lease.expiresAt),
                Self.number(lease.positionSeconds), Self.number(lease.watchedSeconds),
            ])
        guard case .array(let items?) = reply, let status = items.first?.int else { throw RedisError.protocolError("acquire reply") }
        switch status {
        case -1:
            return .needsRestore
        case 1:
            let replaced = items.count > 1 ? items[1].string.flatMap { UUID(uuidString: $0) } : nil
            return .acquired(replaced: replaced)
        default:
            return .limitReached(active: Self.pairs(items.dropFirst()))
        }
    }

    public func heartbeat(
        userId: UUID, sessionId: UUID, positionSeconds: Double, now: Date, expiresAt: Date, view: ViewRule
    ) async throws -> LeaseHeartbeat {
        let reply = try await run(
            Self.heartbeat, keys: [accountKey(userId), sessionKey(sessionId)],
            arguments: [
                Self.millis(now), Self.millis(expiresAt), Self.number(positionSeconds),
                Self.keyTTL(now: now, expiresAt: expiresAt), Self.number(view.afterSeconds), String(view.windowSeconds * 1000), prefix,
                userId.lowercasedString,
            ])
        guard case .array(let items?) = reply, let status = items.first?.int else { throw RedisError.protocolError("heartbeat reply") }
        switch status {
        case 1:
            guard items.count == 4, let video = items[1].string.flatMap({ UUID(text: $0) }) else {
                throw RedisError.protocolError("heartbeat reply")
            }
            return .alive(videoId: video, watchedSeconds: items[2].string.flatMap { Double($0) } ?? 0, countView: items[3].int == 1)
        case -1:
            return .expired
        default:
            return .missing
        }
    }

    public func release(userId: UUID, sessionId: UUID) async throws {
        _ = try await run(
            Self.release, keys: [accountKey(userId), sessionKey(sessionId)],
            arguments: [sessionId.lowercasedString])
    }

    public func active(userId: UUID, now: Date) async throws -> [UUID: Date] {
        let reply = try await run(Self.active, keys: [accountKey(userId)], arguments: [Self.millis(now), prefix])
        guard case .array(let items?) = reply else { throw RedisError.protocolError("active reply") }
        return Self.pairs(items[...])
    }

    public func restore(_ leases: [StreamLease], markRestored: Bool) async throws {
        let now = Date()
        var commands: [[String]] = leases.map { lease in
            Self.restore.evalsha(
                keys: [accountKey(lease.userId), sessionKey(lease.sessionId)],
                arguments: [
                    lease.sessionId.lowercasedString, Self.millis(lease.expiresAt), lease.userId.lowercasedString,
                    lease.videoId.lowercasedString, lease.deviceId, Self.number(lease.positionSeconds), Self.millis(now),
                    Self.number(lease.watchedSeconds), Self.keyTTL(now: now, expiresAt: lease.expiresAt),
                    lease.watchedSeconds >= ViewRule().afterSeconds ? "1" : "0",
                ])
        }
        if markRestored { commands.append(["SET", sentinelKey, Self.millis(now)]) }
        guard !commands.isEmpty else { return }
        try await mapUnavailable {
            // Load the script once (EVALSHA in a pipeline cannot fall back per command).
            _ = try await redis.send(["SCRIPT", "LOAD", Self.restore.source])
            for chunk in stride(from: 0, to: commands.count, by: 500) {
                let replies = try await redis.pipeline(Array(commands[chunk..<min(chunk + 500, commands.count)]))
                for reply in replies { if case .error(let message) = reply { throw RedisError.server(message) } }
            }
        }
        if markRestored, !leases.isEmpty {
            logger.notice("stream leases restored from PostgreSQL", metadata: ["leases.count": "\(leases.count)"])
        }
    }

    public func isRestored() async throws -> Bool {
        try await mapUnavailable { try await redis.send(["EXISTS", sentinelKey]).int == 1 }
    }

    static func pairs(_ items: ArraySlice<RESPValue>) -> [UUID: Date] {
        var result: [UUID: Date] = [:]
        var iterator = items.makeIterator()
        while let member = iterator.next(), let heartbeat = iterator.next() {
            if let id = member.string.flatMap({ UUID(uuidString: $0) }) { result[id] = date(millis: heartbeat.string ?? "0") }
        }
        return result
    }

    /// EVALSHA, loading the script on NOSCRIPT (first use, or after Redis restarted).
    func run(_ script: Script, keys: [String], arguments: [String]) async throws -> RESPValue {
        try await mapUnavailable {
            do {
                return try await redis.send(script.evalsha(keys: keys, arguments: arguments))
            } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
                return try await redis.send(["EVAL", script.source, String(keys.count)] + keys + arguments)
            }
        }
    }

    /// Connection failures become `LeaseStoreUnavailable` (the use cases fall back to PostgreSQL), with a warning.
    func mapUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RedisError {
            switch error {
            case .unavailable, .connectionClosed, .timeout:
                logger.warning(
                    "stream limits enforced by PostgreSQL: redis unavailable", metadata: ["error": "\(error)"])
                throw LeaseStoreUnavailable(reason: error.description)
            case .protocolError, .server:
                throw error
            }
        }
    }

    /// A Lua script and its SHA-1 (the name Redis caches it under).
    struct Script: Sendable {
        let source: String
        let sha: String

        init(_ source: String) {
            self.source = source
            self.sha = Insecure.SHA1.hash(data: Data(source.utf8)).hex
        }

        func evalsha(keys: [String], arguments: [String]) -> [String] {
            ["EVALSHA", sha, String(keys.count)] + keys + arguments
        }
    }
}
