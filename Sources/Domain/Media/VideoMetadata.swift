#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Validation of what an uploader says about a video.
public enum VideoMetadata {
    public static let maximumTitleLength = 200
    public static let maximumDescriptionLength = 5000
    public static let maximumTags = 20
    public static let maximumTagLength = 40
    public static let maximumFilenameLength = 255

    public static func title(_ raw: String) throws(ValidationError) -> String {
        let title = raw.trimmed()
        guard !title.isEmpty else { throw invalid("title", "title must not be empty") }
        guard title.count <= maximumTitleLength else {
            throw invalid("title", "title must be at most \(maximumTitleLength) characters")
        }
        guard !hasControlCharacters(title) else { throw invalid("title", "title must not contain control characters") }
        return title
    }

    public static func description(_ raw: String?) throws(ValidationError) -> String {
        let text = (raw ?? "").trimmed()
        guard text.count <= maximumDescriptionLength else {
            throw invalid("description", "description must be at most \(maximumDescriptionLength) characters")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" })
        else { throw invalid("description", "description must not contain control characters") }
        return text
    }

    /// Lower-cased, trimmed, de-duplicated tags (order kept).
    public static func tags(_ raw: [String]?) throws(ValidationError) -> [String] {
        var tags: [String] = []
        for tag in raw ?? [] {
            let tag = tag.trimmed().lowercased()
            guard !tag.isEmpty, tag.count <= maximumTagLength, !hasControlCharacters(tag), !tag.contains(",") else {
                throw invalid("tags", "each tag must be 1 to \(maximumTagLength) characters, without commas")
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        guard tags.count <= maximumTags else { throw invalid("tags", "at most \(maximumTags) tags") }
        return tags
    }

    public static func visibility(_ raw: String?) throws(ValidationError) -> VideoVisibility {
        guard let raw else { return .private }
        guard let visibility = VideoVisibility(rawValue: raw.trimmed().lowercased()) else {
            throw invalid("visibility", "visibility must be public, unlisted or private")
        }
        return visibility
    }

    /// The uploader's file name reduced to its last path component, without control characters; metadata only.
    public static func filename(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.properties.generalCategory != .control }))
            .trimmed()
        guard !cleaned.isEmpty else { return nil }
        return String(cleaned.prefix(maximumFilenameLength))
    }

    /// A title when the uploader gave none: the file name without its extension, else "Untitled".
    public static func defaultTitle(filename: String?) -> String {
        guard let filename else { return "Untitled" }
        let stem = filename.split(separator: ".").dropLast().joined(separator: ".")
        let title = (stem.isEmpty ? filename : stem).trimmed()
        return title.isEmpty ? "Untitled" : String(title.prefix(maximumTitleLength))
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    }

    private static func invalid(_ field: String, _ message: String) -> ValidationError {
        ValidationError(field: field, code: "invalid_\(field)", message: message)
    }
}
