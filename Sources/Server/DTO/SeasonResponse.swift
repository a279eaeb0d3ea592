import Domain
import Hummingbird

struct SeasonResponse: ResponseEncodable {
    var number: Int
    var title: String

    init(_ season: Season) {
        number = season.number
        title = season.title
    }
}
