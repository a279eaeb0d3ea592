import Domain
import Hummingbird

struct GenreResponse: ResponseEncodable {
    var slug: String
    var name: String

    init(_ genre: Genre) {
        slug = genre.slug
        name = genre.name
    }
}
