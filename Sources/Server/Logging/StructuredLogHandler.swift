import Foundation
import Logging

/// One line per log event on standard error, as JSON or logfmt, with all metadata flattened into fields.
struct StructuredLogHandler: LogHandler {
    let label: String
    let format: AppConfig.LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, format: AppConfig.LogFormat, level: Logger.Level) {
        self.label = label
        self.format = format
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        let time = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        var pairs: [(String, String)] = [("ts", time), ("level", event.level.rawValue), ("msg", event.message.description)]
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) { pairs.append((key, "\(value)")) }
        let line: String
        switch format {
        case .json:
            line = "{" + pairs.map { "\(Self.jsonString($0.0)):\(Self.jsonString($0.1))" }.joined(separator: ",") + "}"
        case .logfmt:
            line = pairs.map { "\($0.0)=\(Self.logfmtValue($0.1))" }.joined(separator: " ")
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func logfmtValue(_ text: String) -> String {
        if !text.isEmpty && !text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) {
            return text
        }
        return jsonString(text)
    }
}
