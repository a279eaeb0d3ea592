import Domain
import Foundation
import Hummingbird
import UseCases

/// `GET /api/v1/series/{id}`: the series, its seasons in order and their episodes with the profile's progress.
struct SeriesDetailResponse: ResponseEncodable {
    struct EpisodeBody: Encodable {
        var number: Int
        var video: VideoResponse
        var progress: ProgressBody?
    }

    struct ProgressBody: Encodable {
        var positionSeconds: Double
        var completed: Bool
        var lastWatchedAt: Date
    }

    struct SeasonBody: Encodable {
        var number: Int
        var title: String
        var episodes: [EpisodeBody]
    }

    var series: SeriesResponse
    var seasons: [SeasonBody]

    init(_ output: GetSeries.Output) {
        series = SeriesResponse(output.series)
        seasons = output.seasons.map { season in
            SeasonBody(
                number: season.number, title: season.title,
                episodes: season.episodes.map { episode in
                    EpisodeBody(
                        number: episode.number, video: VideoResponse(episode.video),
                        progress: output.progress[episode.video.id].map {
                            ProgressBody(positionSeconds: $0.positionSeconds, completed: $0.completed, lastWatchedAt: $0.lastWatchedAt)
                        })
                })
        }
    }

    func encode(to encoder: any Encoder) throws {
        // The series' fields at the top level, with its seasons beside them.
        try series.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seasons, forKey: .seasons)
    }

    enum CodingKeys: String, CodingKey { case seasons }
}
