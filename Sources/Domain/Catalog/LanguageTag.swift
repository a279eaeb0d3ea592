#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A well-formed BCP 47 language tag (RFC 5646 §2.1: language, extlang, script, region, variants, extensions,
/// private use), in its conventional case: `en`, `pt-BR`, `zh-Hant-TW`, `de-CH-1996`.
public struct LanguageTag: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: some StringProtocol) {
        guard raw.utf8.count <= 64, raw.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false).map { $0.lowercased() }
        guard let canonical = Self.canonical(parts) else { return nil }
        value = canonical
    }

    public var description: String { value }

    /// The primary language subtag (`pt` of `pt-BR`).
    public var language: String { String(value.prefix { $0 != "-" }) }

    private static func canonical(_ parts: [String]) -> String? {
        guard let first = parts.first, parts.allSatisfy({ !$0.isEmpty && $0.count <= 8 && $0.allSatisfy(isAlnum) }) else {
            return nil
        }
        if first == "x" { return parts.count > 1 ? parts.joined(separator: "-") : nil }
        guard (2...8).contains(first.count), first.allSatisfy(isAlpha) else { return nil }
        var out = [first]
        var index = 1
        // extlang: up to three 3-letter subtags after a 2-3 letter language.
        var extlangs = 0
        while index < parts.count, first.count <= 3, extlangs < 3, parts[index].count == 3, parts[index].allSatisfy(isAlpha) {
            out.append(parts[index])
            index += 1
            extlangs += 1
        }
        if index < parts.count, parts[index].count == 4, parts[index].allSatisfy(isAlpha) {
            out.append(parts[index].prefix(1).uppercased() + parts[index].dropFirst())
            index += 1
        }
        if index < parts.count,
            (parts[index].count == 2 && parts[index].allSatisfy(isAlpha))
                || (parts[index].count == 3 && parts[index].allSatisfy(isDigit))
        {
            out.append(parts[index].uppercased())
            index += 1
        }
        var variants: Set<String> = []
        while index < parts.count, isVariant(parts[index]) {
            guard variants.insert(parts[index]).inserted else { return nil }
            out.append(parts[index])
            index += 1
        }
        var singletons: Set<String> = []
        while index < parts.count {
            let singleton = parts[index]
            guard singleton.count == 1 else { return nil }
            if singleton == "x" {
                guard index + 1 < parts.count else { return nil }
                out += parts[index...]
                return out.joined(separator: "-")
            }
            guard singletons.insert(singleton).inserted else { return nil }
            out.append(singleton)
            index += 1
            let start = index
            while index < parts.count, parts[index].count >= 2 {
                out.append(parts[index])
                index += 1
            }
            guard index > start else { return nil }
        }
        return out.joined(separator: "-")
    }

    private static func isVariant(_ part: String) -> Bool {
        (part.count >= 5 && part.count <= 8) || (part.count == 4 && part.first.map(isDigit) == true)
    }

    private static func isAlpha(_ c: Character) -> Bool { c.isASCII && c.isLetter }
    private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    private static func isAlnum(_ c: Character) -> Bool { isAlpha(c) || isDigit(c) }

    /// A tag sent by a client.
    public static func parse(_ raw: String, field: String = "language") throws(ValidationError) -> LanguageTag {
        guard let tag = LanguageTag(raw.trimmed()) else {
            throw ValidationError(
                field: field, code: "invalid_language", message: "\(field) must be a BCP 47 language tag such as en or pt-BR")
        }
        return tag
    }
}
