struct EpisodeRequest: Decodable {
    var videoId: String
}
