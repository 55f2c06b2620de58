/// Puts names from the API into one-line messages and tables safely: titles may hold quotes,
/// line breaks or terminal escape sequences, and none of that may reach the terminal raw.
enum Quote {
    /// `"Purchase \"big\""`: quoted, with quotes, backslashes and control characters escaped.
    static func text(_ value: String) -> String {
        "\"" + escaped(value, escapingQuotes: true) + "\""
    }

    /// An id as is when it is plain, else quoted like a title.
    static func id(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.:~".unicodeScalars.contains($0))
        }
        return plain ? value : text(value)
    }

    /// For table cells: control characters escaped, quotes left alone.
    static func cell(_ value: String) -> String {
        escaped(value, escapingQuotes: false)
    }

    /// Line separators and bidirectional overrides: they make text display differently from
    /// what it is (a title could appear to be another event's).
    private static let unsafeFormatting: Set<UInt32> = [
        0x2028, 0x2029, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]

    private static func escaped(_ value: String, escapingQuotes: Bool) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"" where escapingQuotes: out += "\\\""
            case "\\" where escapingQuotes: out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control || unsafeFormatting.contains(scalar.value) {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
