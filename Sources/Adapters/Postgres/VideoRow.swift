import Domain
import Foundation
import PostgresNIO

/// How a video is read from a row: the column list (for any table alias) and its decoding.
enum VideoRow {
    /// The selected columns of `videos` aliased `alias`, in decoding order.
    static func columns(_ alias: String = "videos") -> String {
        let a = alias
        return """
            \(a).id, \(a).owner_id, \(a).title, \(a).description, \(a).tags, \(a).visibility, \(a).status,
            \(a).failure_reason, \(a).original_filename, \(a).size_bytes, \(a).output_bytes, \(a).created_at,
            \(a).updated_at, \(a).media::text, \(a).view_count, \(a).kind, \(a).genres, \(a).maturity, \(a).language,
            \(a).release_year, \(a).available_from, \(a).available_until, \(a).region_mode, \(a).region_countries,
            \(a).publish_at, \(a).published_at, \(a).series_id, \(a).season_number, \(a).episode_number,
            \(a).poster_version, (SELECT s.title FROM series s WHERE s.id = \(a).series_id), \(a).captions_version
            """
    }

    typealias Base = (UUID, UUID, String, String, [String], String, String, String?, String?, Int64, Int64, Date, Date, String?, Int64)

    static func decode(_ row: PostgresRow) throws -> Video {
        let (id, owner, title, description, tags, visibility, status, reason, filename, size, output, created, updated, media, views) =
            try row.decode(Base.self)
        var video = Video(
            id: id, ownerId: owner, title: title, description: description, tags: tags,
            visibility: VideoVisibility(rawValue: visibility) ?? .private, status: VideoStatus(rawValue: status) ?? .failed,
            failureReason: reason, originalFilename: filename, sizeBytes: size, outputBytes: output, createdAt: created,
            updatedAt: updated, media: media.flatMap { try? JSONDecoder().decode(PublishedMedia.self, from: Data($0.utf8)) })
        video.viewCount = views
        let cells = row.makeRandomAccess()
        var catalog = VideoCatalog()
        catalog.kind = VideoKind(rawValue: try cells[15].decode(String.self)) ?? .clip
        catalog.genres = try cells[16].decode([String].self)
        catalog.maturity = MaturityRating(rank: Int(try cells[17].decode(Int16.self))) ?? .age18
        catalog.language = try cells[18].decode(String?.self).flatMap { LanguageTag($0) }
        catalog.releaseYear = try cells[19].decode(Int?.self)
        catalog.availableFrom = try cells[20].decode(Date?.self)
        catalog.availableUntil = try cells[21].decode(Date?.self)
        if let mode = try cells[22].decode(String?.self).flatMap(RegionRule.Mode.init(rawValue:)) {
            catalog.regions = RegionRule(mode: mode, countries: try cells[23].decode([String].self).compactMap { CountryCode($0) })
        }
        catalog.publishAt = try cells[24].decode(Date?.self)
        catalog.publishedAt = try cells[25].decode(Date?.self)
        if let series = try cells[26].decode(UUID?.self), let season = try cells[27].decode(Int?.self),
            let episode = try cells[28].decode(Int?.self)
        {
            catalog.episode = EpisodeSlot(seriesId: series, seasonNumber: season, episodeNumber: episode)
            catalog.seriesTitle = try cells[30].decode(String?.self)
        }
        catalog.posterVersion = Int(try cells[29].decode(Int64.self))
        catalog.captionsVersion = Int(try cells[31].decode(Int64.self))
        video.catalog = catalog
        return video
    }

    /// Every video of `rows`.
    static func all(_ rows: PostgresRowSequence) async throws -> [Video] {
        var videos: [Video] = []
        for try await row in rows { videos.append(try decode(row)) }
        return videos
    }

    static func first(_ rows: PostgresRowSequence) async throws -> Video? {
        for try await row in rows { return try decode(row) }
        return nil
    }
}
