import Foundation

/// The character encoding of a page, found the way a browser finds it: a byte order mark
/// first, then a `<meta charset>` in the first 1024 bytes, else UTF-8.
public enum PageEncoding: Sendable, Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// A legacy one-byte encoding (windows-1251, windows-1252, ...), by its WHATWG name.
    case singleByte(String)

    public var name: String {
        switch self {
        case .utf8: "utf-8"
        case .utf16LittleEndian: "utf-16le"
        case .utf16BigEndian: "utf-16be"
        case .singleByte(let name): name
        }
    }

    /// True when ASCII characters are single bytes of the same value, as in HTML markup.
    public var isASCIICompatible: Bool { self != .utf16LittleEndian && self != .utf16BigEndian }

    /// Labels a page may declare, mapped to the encoding a browser uses for them
    /// (WHATWG Encoding: "iso-8859-1" and "us-ascii" mean windows-1252).
    static func forLabel(_ label: String) -> PageEncoding? {
        if label == "utf-8" { return .utf8 }
        switch label.trimmingCharacters(in: .whitespaces).lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
            return .utf8
        // A meta tag cannot truly declare UTF-16 (the bytes would not be ASCII); browsers read UTF-8.
        case "utf-16", "utf-16le", "utf-16be", "unicodefffe", "unicodefeff", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode":
            return .utf8
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "l1",
             "us-ascii", "ascii", "ansi_x3.4-1968", "cp819", "ibm819", "iso-ir-100", "csisolatin1":
            return .singleByte("windows-1252")
        case "windows-1251", "cp1251", "x-cp1251":
            return .singleByte("windows-1251")
        case "windows-1250", "cp1250", "x-cp1250":
            return .singleByte("windows-1250")
        case "iso-8859-2", "iso8859-2", "iso_8859-2", "latin2", "l2", "csisolatin2":
            return .singleByte("iso-8859-2")
        default:
            return nil
        }
    }

    /// Unicode scalars of bytes 0x80...0xFF in a one-byte encoding (ASCII maps to itself),
    /// built once per encoding rather than per page.
    static func highHalf(of name: String) -> [Unicode.Scalar] {
        switch name {
        case "windows-1251": tables.cp1251
        case "windows-1250": tables.cp1250
        case "iso-8859-2": tables.latin2
        default: tables.cp1252
        }
    }

    private static let tables = (
        cp1251: makeHighHalf("windows-1251"), cp1250: makeHighHalf("windows-1250"),
        latin2: makeHighHalf("iso-8859-2"), cp1252: makeHighHalf("windows-1252")
    )

    private static func makeHighHalf(_ name: String) -> [Unicode.Scalar] {
        let foundation: String.Encoding
        switch name {
        case "windows-1251": foundation = .windowsCP1251
        case "windows-1250": foundation = .windowsCP1250
        case "iso-8859-2": foundation = .isoLatin2
        default: foundation = .windowsCP1252
        }
        return (0x80...0xFF).map { byte in
            String(data: Data([UInt8(byte)]), encoding: foundation)?.unicodeScalars.first ?? Unicode.Scalar(UInt8(byte))
        }
    }

    /// What the page's first bytes say. Returns the encoding, the length of its byte order
    /// mark, and the label when the page declares one pixeltag cannot read.
    static func sniff(_ bytes: [UInt8]) -> (encoding: PageEncoding?, bomLength: Int, label: String?) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3, nil) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2, nil) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2, nil) }
        guard let label = declaredCharset(in: bytes.prefix(1024)) else { return (nil, 0, nil) }
        return (forLabel(label), 0, label)
    }

    /// The charset of the first `<meta charset=…>` or `<meta http-equiv content="…charset=…">`,
    /// read byte by byte: this runs on every page, so it makes no strings until it has a label.
    static func declaredCharset(in head: ArraySlice<UInt8>) -> String? {
        let bytes = Array(head)
        let meta = Array("<meta".utf8), charset = Array("charset".utf8)
        func matches(_ word: [UInt8], at index: Int, before end: Int) -> Bool {
            guard index + word.count <= end else { return false }
            for offset in word.indices where asciiLower(bytes[index + offset]) != word[offset] { return false }
            return true
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), matches(meta, at: index, before: bytes.count) else { index += 1; continue }
            let tagStart = index + meta.count
            let tagEnd = bytes[tagStart...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count
            var cursor = tagStart
            while cursor < tagEnd {
                guard matches(charset, at: cursor, before: tagEnd) else { cursor += 1; continue }
                var at = cursor + charset.count
                while at < tagEnd, isSpace(bytes[at]) { at += 1 }
                guard at < tagEnd, bytes[at] == UInt8(ascii: "=") else { break }
                at += 1
                while at < tagEnd, isSpace(bytes[at]) || bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") { at += 1 }
                var end = at
                while end < tagEnd, !isSpace(bytes[end]), ![UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ";"), UInt8(ascii: "/")].contains(bytes[end]) {
                    end += 1
                }
                if end > at { return String(decoding: bytes[at..<end].map(asciiLower), as: UTF8.self) }
                break
            }
            index = tagEnd
        }
        return nil
    }
}
