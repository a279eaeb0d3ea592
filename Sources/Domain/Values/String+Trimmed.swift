extension String {
    /// The string without leading and trailing white space (spaces, tabs, newlines, Unicode spaces).
    package func trimmed() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
