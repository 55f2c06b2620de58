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

    /// The charset of the first `<meta charset=…>` or `<meta http-equiv content="…charset=…">`.
    static func declaredCharset(in head: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        var searchStart = text.startIndex
        while let meta = text.range(of: "<meta", range: searchStart..<text.endIndex) {
            let tagEnd = text[meta.upperBound...].firstIndex(of: ">") ?? text.endIndex
            let tag = text[meta.upperBound..<tagEnd]
            if let charset = tag.range(of: "charset") {
                var rest = tag[charset.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
                if rest.first == "=" {
                    rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\"" || $0 == "'" }
                    let label = rest.prefix { !" \t\r\n\"';/>".contains($0) }
                    if !label.isEmpty { return String(label) }
                }
            }
            searchStart = tagEnd
        }
        return nil
    }
}
