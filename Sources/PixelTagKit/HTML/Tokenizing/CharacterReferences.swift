/// Turns a token's bytes into the text a browser reads: the page's encoding decoded, line
/// breaks as one `\n` (the input stream's preprocessing), NUL as U+FFFD where a browser
/// replaces it, and character references (`&amp;`, `&#x41;`, `&nbsp`) resolved by WHATWG's
/// rules, which differ between text and attribute values.
enum CharacterReferences {
    enum Context {
        /// Raw text, a comment, a name: no references.
        case none
        /// Text in the data state or RCDATA.
        case text
        /// An attribute value: a legacy reference without `;` followed by `=` or a letter or
        /// digit stays as written (`?a=1&copy=2` keeps its `&copy`).
        case attribute
    }

    /// `bytes` decoded; `keepNUL` for text in the data state, where NUL stays U+0000.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, context: Context,
                       decoding: ByteDecoding, keepNUL: Bool = false) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        // Nearly every value: plain UTF-8 (or ASCII), nothing to resolve.
        if case .utf8 = decoding, !slice.contains(where: { $0 == 0 || $0 == 0x0D || ($0 == UInt8(ascii: "&") && context != .none) }) {
            return String(decoding: slice, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count + 8)
        var index = 0
        var plainStart = 0
        func flush(upTo end: Int) {
            if end > plainStart { decoding.append(UnsafeBufferPointer(rebasing: slice[plainStart..<end]), to: &out) }
        }
        while index < slice.count {
            let byte = slice[index]
            switch byte {
            case 0:
                flush(upTo: index)
                if keepNUL { out.append(0) } else { out += [0xEF, 0xBF, 0xBD] }
                index += 1
                plainStart = index
            case 0x0D:
                flush(upTo: index)
                out.append(0x0A)
                index += 1
                if index < slice.count && slice[index] == 0x0A { index += 1 }
                plainStart = index
            case UInt8(ascii: "&") where context != .none:
                guard let (scalars, length) = reference(in: slice, at: index, inAttribute: context == .attribute) else {
                    index += 1
                    continue
                }
                flush(upTo: index)
                for scalar in scalars { out += UTF8.encode(scalar)! }
                index += length
                plainStart = index
            default:
                index += 1
            }
        }
        flush(upTo: slice.count)
        return String(decoding: out, as: UTF8.self)
    }

    /// The reference at the `&` at `start`: its characters and how many bytes it takes, or
    /// nil when a browser leaves the `&` as it is.
    static func reference(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, inAttribute: Bool) -> ([Unicode.Scalar], Int)? {
        let next = start + 1
        guard next < bytes.count else { return nil }
        if bytes[next] == UInt8(ascii: "#") { return numeric(in: bytes, at: start) }
        guard isASCIIAlphanumeric(bytes[next]) else { return nil }
        var runEnd = next
        while runEnd < bytes.count, runEnd - next < longestName, isASCIIAlphanumeric(bytes[runEnd]) { runEnd += 1 }
        let terminated = runEnd < bytes.count && bytes[runEnd] == UInt8(ascii: ";")
        // The longest name the bytes begin with: the whole run with its `;`, else a prefix
        // that is a legacy name.
        var length = runEnd - next
        var withSemicolon = terminated
        while length > 0 {
            var key = Array(bytes[next..<(next + length)])
            if withSemicolon { key.append(UInt8(ascii: ";")) }
            if let scalars = named[key] {
                let consumed = 1 + key.count
                if !withSemicolon && inAttribute && start + consumed < bytes.count {
                    let after = bytes[start + consumed]
                    if after == UInt8(ascii: "=") || isASCIIAlphanumeric(after) { return nil }
                }
                return (scalars, consumed)
            }
            if withSemicolon { withSemicolon = false } else { length -= 1 }
        }
        return nil
    }

    /// `&#123;` or `&#x7B;` (the `;` may be missing), with a browser's replacements.
    private static func numeric(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> ([Unicode.Scalar], Int)? {
        var index = start + 2
        let hex = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
        if hex { index += 1 }
        let digitsStart = index
        var value: UInt32 = 0
        while index < bytes.count {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: digit = .max
            }
            if digit == .max { break }
            // Past U+10FFFF the value only needs to stay too big.
            value = min(value * (hex ? 16 : 10) + digit, 0x11_0000)
            index += 1
        }
        guard index > digitsStart else { return nil }
        if index < bytes.count && bytes[index] == UInt8(ascii: ";") { index += 1 }
        let scalar: Unicode.Scalar
        switch value {
        case 0, 0xD800...0xDFFF, 0x11_0000...: scalar = "\u{FFFD}"
        case 0x80...0x9F: scalar = windows1252Controls[Int(value - 0x80)] ?? Unicode.Scalar(value)!
        default: scalar = Unicode.Scalar(value)!
        }
        return ([scalar], index - start)
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static let longestName = 32

    /// `&#128;` to `&#159;` mean windows-1252's characters, where it has one.
    private static let windows1252Controls: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    /// Name (with its `;` when it has one) to characters.
    private static let named: [[UInt8]: [Unicode.Scalar]] = {
        var table: [[UInt8]: [Unicode.Scalar]] = [:]
        table.reserveCapacity(2_300)
        for line in namedTable.split(separator: "\n") {
            let parts = line.split(separator: " ")
            table[Array(parts[0].utf8)] = parts[1].split(separator: "+").map { Unicode.Scalar(UInt32($0, radix: 16)!)! }
        }
        return table
    }()
}

/// How a page's bytes become characters, by its encoding.
enum ByteDecoding: Sendable {
    case utf8
    /// A one-byte encoding: the characters of bytes 0x80 to 0xFF.
    case singleByte([Unicode.Scalar])
    /// A multi-byte legacy encoding (Shift_JIS, GBK…), whose tables pixeltag does not carry:
    /// ASCII reads as itself, which is all a selector or an annotation written in ASCII needs,
    /// and each run of other bytes as U+FFFD.
    case asciiOnly

    func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        switch self {
        case .utf8:
            if bytes.allSatisfy({ $0 < 0x80 }) {
                out.append(contentsOf: bytes)
            } else {
                out += Array(String(decoding: bytes, as: UTF8.self).utf8)
            }
        case .singleByte(let high):
            for byte in bytes {
                if byte < 0x80 { out.append(byte) } else { out += UTF8.encode(high[Int(byte) - 0x80])! }
            }
        case .asciiOnly:
            var previousWasHigh = false
            for byte in bytes {
                if byte < 0x80 {
                    out.append(byte)
                } else if !previousWasHigh {
                    out += [0xEF, 0xBF, 0xBD]
                }
                previousWasHigh = byte >= 0x80
            }
        }
    }
}
