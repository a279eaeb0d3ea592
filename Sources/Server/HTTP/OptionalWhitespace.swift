extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing HTTP optional whitespace (RFC 9110 OWS: spaces and tabs). Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString, which showed up in per-request profiles.
    var trimmingOWS: Substring {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
