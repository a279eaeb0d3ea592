#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A subscription plan's limits: how many streams an account may hold at once and the highest rendition it may watch.
public struct Plan: Sendable, Equatable {
    public var id: String
    public var name: String
    public var maxStreams: Int
    /// Highest rendition by its short side (720 = 720p); nil = the top rung of every video.
    public var maxHeight: Int?
    public var priceCents: Int
    public var currency: String

    public init(id: String, name: String, maxStreams: Int, maxHeight: Int?, priceCents: Int = 0, currency: String = "EUR") {
        self.id = id
        self.name = name
        self.maxStreams = maxStreams
        self.maxHeight = maxHeight
        self.priceCents = priceCents
        self.currency = currency
    }

    /// The renditions of a package this plan may watch: those whose short side is within the plan's limit, or the
    /// smallest one when none is (a plan never leaves a video unwatchable).
    public func allowedRenditions(of renditions: [Rendition]) -> [Rendition] {
        guard let maxHeight else { return renditions }
        let allowed = renditions.filter { min($0.width, $0.height) <= maxHeight }
        if !allowed.isEmpty { return allowed }
        return renditions.min { min($0.width, $0.height) < min($1.width, $1.height) }.map { [$0] } ?? []
    }
}

/// Why an end of a playback session happened.
public enum SessionEndReason: String, Sendable, Codable, CaseIterable {
    /// The player sent stop.
    case stopped
    /// The account stopped it from another device.
    case kicked
    /// The same device started another stream.
    case replaced
    /// Three heartbeats were missed.
    case expired
    /// The account moved to a plan with fewer streams and this one was over the new limit.
    case planChanged = "plan_changed"
}

/// One stream: a device of an account playing a video for a profile. Durable in PostgreSQL; its lease lives in Redis.
public struct PlaybackSession: Sendable, Equatable {
    public var id: UUID
    public var userId: UUID
    public var profileId: UUID
    public var videoId: UUID
    /// The video's title (filled by reads that join it).
    public var videoTitle: String?
    public var deviceId: String
    public var deviceName: String
    public var maxHeight: Int?
    public var startedAt: Date
    public var lastHeartbeatAt: Date
    public var leaseExpiresAt: Date
    public var endedAt: Date?
    public var endReason: SessionEndReason?
    public var positionSeconds: Double
    public var watchedSeconds: Double

    public init(
        id: UUID, userId: UUID, profileId: UUID, videoId: UUID, videoTitle: String? = nil, deviceId: String, deviceName: String,
        maxHeight: Int?, startedAt: Date, lastHeartbeatAt: Date, leaseExpiresAt: Date, endedAt: Date? = nil,
        endReason: SessionEndReason? = nil, positionSeconds: Double = 0, watchedSeconds: Double = 0
    ) {
        self.id = id
        self.userId = userId
        self.profileId = profileId
        self.videoId = videoId
        self.videoTitle = videoTitle
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.maxHeight = maxHeight
        self.startedAt = startedAt
        self.lastHeartbeatAt = lastHeartbeatAt
        self.leaseExpiresAt = leaseExpiresAt
        self.endedAt = endedAt
        self.endReason = endReason
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
    }

    public var isOpen: Bool { endedAt == nil }
}

/// What a heartbeat reports; buffered in memory and written to PostgreSQL in batches.
public struct PlaybackProgress: Sendable, Equatable {
    public var sessionId: UUID
    public var positionSeconds: Double
    /// Seconds watched since the previous heartbeat (position advance, capped by the wall time between them).
    public var watchedSeconds: Double
    public var at: Date
    public var leaseExpiresAt: Date
    public var rendition: String?
    public var bufferSeconds: Double?
    public var bitrate: Int64?

    public init(
        sessionId: UUID, positionSeconds: Double, watchedSeconds: Double, at: Date, leaseExpiresAt: Date, rendition: String? = nil,
        bufferSeconds: Double? = nil, bitrate: Int64? = nil
    ) {
        self.sessionId = sessionId
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
        self.at = at
        self.leaseExpiresAt = leaseExpiresAt
        self.rendition = rendition
        self.bufferSeconds = bufferSeconds
        self.bitrate = bitrate
    }

    /// This report merged after an earlier one of the same session (watched time adds up, the rest is the latest).
    public func merged(after earlier: PlaybackProgress) -> PlaybackProgress {
        var merged = at >= earlier.at ? self : earlier
        merged.watchedSeconds = watchedSeconds + earlier.watchedSeconds
        return merged
    }
}

/// A profile's progress in one video.
public struct WatchHistoryEntry: Sendable, Equatable {
    public var profileId: UUID
    public var videoId: UUID
    public var videoTitle: String
    public var durationSeconds: Double?
    public var positionSeconds: Double
    public var watchedSeconds: Double
    public var completed: Bool
    public var lastWatchedAt: Date

    public init(
        profileId: UUID, videoId: UUID, videoTitle: String, durationSeconds: Double?, positionSeconds: Double, watchedSeconds: Double,
        completed: Bool, lastWatchedAt: Date
    ) {
        self.profileId = profileId
        self.videoId = videoId
        self.videoTitle = videoTitle
        self.durationSeconds = durationSeconds
        self.positionSeconds = positionSeconds
        self.watchedSeconds = watchedSeconds
        self.completed = completed
        self.lastWatchedAt = lastWatchedAt
    }

    /// A video counts as watched once the position reaches this share of its duration.
    public static let completionShare = 0.95
}

/// A file set of a package a media token opens: a rendition (or the audio) by its DASH representation id and
/// its name (`720p`, `audio`).
public struct GrantedRendition: Sendable, Equatable {
    public var representationId: Int
    public var name: String

    public init(representationId: Int, name: String) {
        self.representationId = representationId
        self.name = name
    }
}

/// What a signed media token grants: one video's shared files (manifests, poster, storyboard) and the listed
/// renditions, until `expiresAt`, for one playback session.
public struct MediaGrant: Sendable, Equatable {
    public var videoId: UUID
    public var sessionId: UUID
    public var expiresAt: Date
    public var renditions: [GrantedRendition]

    public init(videoId: UUID, sessionId: UUID, expiresAt: Date, renditions: [GrantedRendition]) {
        self.videoId = videoId
        self.sessionId = sessionId
        self.expiresAt = expiresAt
        self.renditions = renditions
    }

    /// Whether the grant opens a package file (a flat name as the transcoder writes them); nil when the name is not
    /// a file of a package at all.
    public func allows(file: String) -> Bool? {
        MediaFile(name: file).map(allows)
    }

    /// Whether the grant opens a file already read by `MediaFile(name:)`.
    public func allows(_ file: MediaFile) -> Bool {
        switch file {
        case .shared: true
        case .representation(let id): renditions.contains { $0.representationId == id }
        case .hlsPlaylist(let name): renditions.contains { $0.name == name }
        }
    }
}

/// The kinds of files in a published package, by name.
public enum MediaFile: Sendable, Equatable {
    /// Manifests, poster, storyboard sprites and track: open to any grant of the video.
    case shared
    /// `init-N.mp4`, `seg-N-NNNNN.m4s`: a DASH representation's (and HLS rendition's) bytes.
    case representation(Int)
    /// `hls-<name>.m3u8`: a rendition's media playlist.
    case hlsPlaylist(String)

    public init?(name: String) {
        let bytes = name.utf8
        guard (1...96).contains(bytes.count), bytes.allSatisfy({ Self.allowed($0) }), bytes.first != UInt8(ascii: ".") else { return nil }
        // ASCII from here: the name is read on its bytes (characters would cost a grapheme walk per step, on
        // every media request).
        if name == "master.m3u8" || name == "manifest.mpd" || name == "poster.jpg" || name == "storyboard.vtt" {
            self = .shared
        } else if let number = Self.between(name, "storyboard-", ".jpg"), Int(number) != nil {
            self = .shared
        } else if let id = Self.between(name, "init-", ".mp4").flatMap({ Int($0) }), id >= 0 {
            self = .representation(id)
        } else if let middle = Self.between(name, "seg-", ".m4s") {
            // `<representation>-<number>`: exactly one dash.
            let utf8 = middle.utf8
            guard let dash = utf8.firstIndex(of: UInt8(ascii: "-")), !utf8[utf8.index(after: dash)...].contains(UInt8(ascii: "-")),
                let id = Int(middle[..<dash]), id >= 0, Int(middle[utf8.index(after: dash)...]) != nil
            else { return nil }
            self = .representation(id)
        } else if let rung = Self.between(name, "hls-", ".m3u8"), !rung.isEmpty {
            self = .hlsPlaylist(String(rung))
        } else {
            return nil
        }
    }

    private static func allowed(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x2D
            || byte == 0x2E || byte == 0x5F
    }

    /// What lies between `prefix` and `suffix` when `name` (ASCII) has both and something between them.
    private static func between(_ name: String, _ prefix: StaticString, _ suffix: StaticString) -> Substring? {
        let bytes = name.utf8
        let head = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        guard bytes.count > head.count + tail.count, bytes.starts(with: head), bytes.suffix(tail.count).elementsEqual(tail) else { return nil }
        return name[bytes.index(bytes.startIndex, offsetBy: head.count)..<bytes.index(bytes.endIndex, offsetBy: -tail.count)]
    }
}

/// Why a playback request was refused.
public enum PlaybackError: Error, Sendable, Equatable {
    /// The video exists and may be seen but has no published package yet.
    case videoNotReady
    /// The account already holds as many streams as its plan allows.
    case concurrentStreamLimit(limit: Int, active: [PlaybackSession])
    /// No such session for this caller.
    case sessionNotFound
    /// The session's lease ended (missed heartbeats, stopped from another device, replaced).
    case sessionExpired
    /// No such plan.
    case unknownPlan(String)
    /// No such account (admin routes).
    case userNotFound
}

/// Why a media request was refused (checked from the token alone, without a database).
public enum MediaAccessError: Error, Sendable, Equatable {
    case missingToken
    /// Malformed, signed with another key, or for another video.
    case invalidToken
    case expiredToken
    /// The file belongs to a rendition the token does not grant (above the plan).
    case renditionNotAllowed
    /// Not a file of a package.
    case notFound
}
