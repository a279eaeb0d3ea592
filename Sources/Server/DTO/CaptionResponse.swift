import Domain
import Foundation
import Hummingbird

struct CaptionResponse: ResponseEncodable {
    var language: String
    var label: String
    var cueCount: Int
    var sizeBytes: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ caption: Caption) {
        language = caption.language.value
        label = caption.label
        cueCount = caption.cueCount
        sizeBytes = caption.sizeBytes
        createdAt = caption.createdAt
        updatedAt = caption.updatedAt
    }
}
