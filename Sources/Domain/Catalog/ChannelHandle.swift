#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Channel handles and descriptions as people send them.
public enum ChannelHandle {
    public static let maximumDescriptionLength = 5000

    /// 3 to 30 of `a-z0-9_`, compared without case (stored lower case); a leading `@` is dropped.
    public static func validate(_ raw: String) throws(ValidationError) -> String {
        var handle = raw.trimmed().lowercased()
        if handle.hasPrefix("@") { handle.removeFirst() }
        guard (3...30).contains(handle.utf8.count),
            handle.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F })
        else {
            throw ValidationError(
                field: "handle", code: "invalid_handle", message: "handle must be 3 to 30 of a-z, 0-9 and _")
        }
        return handle
    }

    public static func description(_ raw: String) throws(ValidationError) -> String {
        let text = raw.trimmed()
        guard text.count <= maximumDescriptionLength,
            !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" })
        else {
            throw ValidationError(
                field: "channelDescription", code: "invalid_channel_description",
                message: "channelDescription must be at most \(maximumDescriptionLength) characters, no control characters")
        }
        return text
    }
}
