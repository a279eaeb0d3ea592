#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who is looking, from where and when: the one rule of what a viewer may see and watch. Every viewer-facing
/// lookup asks `access(to:)`; every list applies `isListed` inside the store's own query (one helper there), and a
/// contract test holds the stores to this rule's answers.
public struct Audience: Sendable, Equatable {
    /// The signed-in account, if any.
    public var viewerId: UUID?
    public var role: Role?
    /// The profile's limit (`18+` without a profile: what an adult profile would see).
    public var maxMaturity: MaturityRating
    /// Where the request comes from, when known.
    public var country: CountryCode?
    public var now: Date

    public init(viewerId: UUID? = nil, role: Role? = nil, maxMaturity: MaturityRating = .age18, country: CountryCode?, now: Date) {
        self.viewerId = viewerId
        self.role = role
        self.maxMaturity = maxMaturity
        self.country = country
        self.now = now
    }

    /// What a single lookup (open, play) of `video` gives this audience.
    public enum Access: Sendable, Equatable {
        /// As if the video did not exist.
        case hidden
        case unavailable(UnavailableReason)
        case available
    }

    /// Owners and admins see and play their own videos whatever the schedule, window or region; the profile's
    /// maturity limit still holds (it is the account holder's own choice). Others see ready public or unlisted
    /// videos once published, and may watch them inside the window, from an admitted country, within the limit.
    public func access(to video: Video) -> Access {
        let privileged = video.ownerId == viewerId || role == .admin
        if !privileged {
            guard video.status == .ready, video.visibility != .private, isPublished(video.catalog) else { return .hidden }
        }
        if video.catalog.maturity > maxMaturity { return .unavailable(.maturityRestricted) }
        if privileged { return .available }
        return unavailability(of: video.catalog).map(Access.unavailable) ?? .available
    }

    /// Whether `video` appears in this audience's lists (catalog, channel, series): public, ready, published,
    /// available here and now, within the limit. No one is privileged in a list.
    public func isListed(_ video: Video) -> Bool {
        video.visibility == .public && video.status == .ready && isPublished(video.catalog)
            && video.catalog.maturity <= maxMaturity && unavailability(of: video.catalog) == nil
    }

    func isPublished(_ catalog: VideoCatalog) -> Bool { catalog.publishAt.map { $0 <= now } ?? true }

    /// The window and the region, checked in this order.
    func unavailability(of catalog: VideoCatalog) -> UnavailableReason? {
        if let from = catalog.availableFrom, now < from { return .notYetAvailable }
        if let until = catalog.availableUntil, now >= until { return .expired }
        if let regions = catalog.regions, !regions.admits(country) { return .regionRestricted }
        return nil
    }
}
