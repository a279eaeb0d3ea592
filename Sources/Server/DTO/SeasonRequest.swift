struct SeasonRequest: Decodable {
    var number: Int
    var title: String?
}
