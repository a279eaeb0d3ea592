import Foundation

/// Just enough XML for S3's answers (ListObjectsV2, CreateMultipartUpload, errors): the text of elements by name.
/// S3's documents are flat and machine-written, so a scanner is enough and avoids an XML dependency.
enum S3XML {
    /// The inner text of every `<tag>...</tag>`, entities decoded.
    static func values(_ tag: String, in xml: Substring) -> [String] {
        blocks(tag, in: xml).map { decode(String($0)) }
    }

    static func value(_ tag: String, in xml: Substring) -> String? { values(tag, in: xml).first }

    /// The raw inner XML of every `<tag>...</tag>`.
    static func blocks(_ tag: String, in xml: Substring) -> [Substring] {
        var results: [Substring] = []
        var rest = xml[...]
        let open = "<\(tag)>"
        let close = "</\(tag)>"
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            results.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return results
    }

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacing("&quot;", with: "\"").replacing("&apos;", with: "'").replacing("&lt;", with: "<")
            .replacing("&gt;", with: ">").replacing("&#34;", with: "\"").replacing("&amp;", with: "&")
    }

    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\"", with: "&quot;").replacing("'", with: "&apos;")
    }
}
