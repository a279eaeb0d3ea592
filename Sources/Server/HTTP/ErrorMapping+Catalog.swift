import Domain
import HTTPTypes

extension ErrorMapping {
    static func problem(_ error: CatalogError) -> Problem {
        switch error {
        case .unknownGenre(let slug):
            Problem(
                .unprocessableContent, code: "unknown_genre", title: "Unknown genre",
                detail: "there is no genre \(slug) (GET /api/v1/genres lists them)",
                errors: [.init(field: "genres", message: "must be slugs from GET /api/v1/genres")])
        case .seriesNotFound:
            Problem(.notFound, code: "series_not_found", title: "Series not found")
        case .seasonNotFound(let number):
            Problem(.notFound, code: "season_not_found", title: "Season not found", detail: "the series has no season \(number)")
        case .seasonExists(let number):
            Problem(.conflict, code: "season_exists", title: "Season exists", detail: "the series already has a season \(number)")
        case .episodeSlotTaken:
            Problem(
                .conflict, code: "episode_slot_taken", title: "Episode slot taken",
                detail: "another video is already this episode; detach it first")
        case .alreadyEpisode:
            Problem(
                .conflict, code: "already_episode", title: "Already an episode",
                detail: "the video is already an episode of a series; detach it first")
        case .episodeNotFound:
            Problem(.notFound, code: "episode_not_found", title: "Episode not found")
        case .handleTaken:
            Problem(.conflict, code: "handle_taken", title: "Handle taken", detail: "another channel uses this handle")
        case .channelNotFound:
            Problem(.notFound, code: "channel_not_found", title: "Channel not found")
        case .kindLocked:
            Problem(
                .unprocessableContent, code: "invalid_kind", title: "Kind cannot change this way",
                detail: "an episode's kind follows its series: attach or detach it instead",
                errors: [.init(field: "kind", message: "must be clip or movie, and not on an episode")])
        }
    }

    static func problem(_ error: CaptionError) -> Problem {
        switch error {
        case .invalid(let reason):
            Problem(.unprocessableContent, code: "invalid_captions", title: "Invalid captions", detail: reason)
        case .notFound:
            Problem(.notFound, code: "caption_not_found", title: "Caption not found")
        }
    }

    static func problem(_ error: PosterError) -> Problem {
        switch error {
        case .notAnImage(let reason):
            Problem(.unprocessableContent, code: "invalid_image", title: "Not a usable picture", detail: reason)
        case .tooLarge(let width, let height):
            Problem(
                .unprocessableContent, code: "image_too_large", title: "Picture too large",
                detail: "the picture is \(width)x\(height); at most \(ImageFormat.maximumDimension) pixels a side")
        }
    }

    /// Why a video cannot be watched here and now: a region rule is 451 (RFC 7725), the rest 403.
    static func problem(_ reason: UnavailableReason) -> Problem {
        switch reason {
        case .regionRestricted:
            Problem(
                .init(code: 451, reasonPhrase: "Unavailable For Legal Reasons"), code: "region_restricted",
                title: "Not available in your region")
        case .notYetAvailable:
            Problem(
                .forbidden, code: "not_yet_available", title: "Not available yet", detail: "the video's availability window has not opened")
        case .expired:
            Problem(.forbidden, code: "expired", title: "No longer available", detail: "the video's availability window has closed")
        case .maturityRestricted:
            Problem(
                .forbidden, code: "maturity_restricted", title: "Above this profile's limit",
                detail: "the video's maturity rating is above what this profile may watch")
        }
    }
}
