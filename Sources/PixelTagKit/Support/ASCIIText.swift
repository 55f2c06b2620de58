extension StringProtocol {
    /// Without the spaces, tabs and line breaks around it (Foundation's whitespace would also
    /// take Unicode spaces, which a policy or a headers file does not separate by).
    var trimmingASCIIWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\n" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\n" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
