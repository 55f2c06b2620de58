/// The character encoding of a page, found the way a browser finds it (WHATWG Encoding and
/// HTML's "prescan"): a byte order mark first, then the first `<meta>` in the first 1024
/// bytes that names an encoding a browser knows, else UTF-8.
///
/// pixeltag's blocks and markers are ASCII, and the markup a browser tokenizes is ASCII, so
/// a page in any encoding where ASCII bytes are always ASCII characters is read and written
/// as its own bytes, with nothing converted. Only UTF-16 needs converting.
package enum PageEncoding: Sendable, Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// A one-byte legacy encoding (windows-1251, koi8-r, iso-8859-2…), by its WHATWG name.
    case singleByte(String)
    /// A multi-byte legacy encoding whose ASCII bytes are ASCII (Shift_JIS, EUC-JP, EUC-KR,
    /// GBK, gb18030, Big5), by its WHATWG name.
    case multiByte(String)

    package var name: String {
        switch self {
        case .utf8: "utf-8"
        case .utf16LittleEndian: "utf-16le"
        case .utf16BigEndian: "utf-16be"
        case .singleByte(let name), .multiByte(let name): name
        }
    }

    /// True when ASCII characters are single bytes of the same value, as in HTML markup.
    package var isASCIICompatible: Bool { self != .utf16LittleEndian && self != .utf16BigEndian }

    /// What a declared label means to a browser.
    enum Declaration: Equatable {
        case encoding(PageEncoding)
        /// An encoding a browser reads so that ASCII bytes may stand for other characters
        /// (ISO-2022-JP), or not at all (the "replacement" encoding of ISO-2022-KR, HZ…):
        /// pixeltag leaves such a page alone.
        case refused(label: String, encoding: String)
    }

    /// WHATWG's "get an encoding" for a `<meta>` label: nil for a label no browser knows,
    /// which a browser ignores.
    static func declared(_ label: String) -> Declaration? {
        let key = String(decoding: Array(label.utf8).trimmingHTMLSpace().map(asciiLower), as: UTF8.self)
        guard let name = EncodingTables.labels[key] else { return nil }
        switch name {
        case "utf-8": return .encoding(.utf8)
        // A `<meta>` cannot truly declare UTF-16 (its bytes would not be ASCII): browsers read UTF-8.
        case "utf-16le", "utf-16be": return .encoding(.utf8)
        case "x-user-defined": return .encoding(.singleByte("windows-1252"))
        case "shift_jis", "euc-jp", "euc-kr", "gbk", "gb18030", "big5": return .encoding(.multiByte(name))
        case "iso-2022-jp", "replacement": return .refused(label: key, encoding: name)
        default: return .encoding(.singleByte(name))
        }
    }

    /// Why pixeltag leaves a page declaring `label` (a refused encoding) alone, for messages.
    package static func whyRefused(_ label: String) -> String {
        if case .refused(_, "iso-2022-jp") = declared(label) {
            return "in which ASCII bytes after an escape sequence are halves of Japanese characters, so no byte is surely markup"
        }
        return "which browsers do not decode at all (they show one replacement character)"
    }

    /// How the bytes of the page's tokens become characters.
    var decoding: ByteDecoding {
        switch self {
        case .utf8, .utf16LittleEndian, .utf16BigEndian: .utf8
        case .singleByte(let name): .singleByte(Self.highHalf(of: name))
        case .multiByte: .asciiOnly
        }
    }

    /// Unicode scalars of bytes 0x80...0xFF in a one-byte encoding (ASCII maps to itself),
    /// built once per encoding rather than per page.
    static func highHalf(of name: String) -> [Unicode.Scalar] {
        tables[name] ?? tables["windows-1252"]!
    }

    private static let tables: [String: [Unicode.Scalar]] = EncodingTables.highHalves.mapValues { units in
        units.map { Unicode.Scalar($0) ?? "\u{FFFD}" }
    }

    /// What a page's first bytes say.
    struct Sniffed {
        /// nil when the page declares an encoding pixeltag leaves alone (`label`).
        var encoding: PageEncoding?
        var bomLength = 0
        var label: String?
        /// Nothing declared the encoding in the first 1024 bytes: UTF-8 is a guess, and a
        /// browser goes by a `<meta>` it meets later while parsing (see `PageParser`).
        var isTentative = false
    }

    static func sniff(_ bytes: [UInt8]) -> Sniffed {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Sniffed(encoding: .utf8, bomLength: 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return Sniffed(encoding: .utf16LittleEndian, bomLength: 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return Sniffed(encoding: .utf16BigEndian, bomLength: 2) }
        switch prescan(bytes.prefix(1024)) {
        case .encoding(let encoding): return Sniffed(encoding: encoding)
        case .refused(let label, _): return Sniffed(encoding: nil, label: label)
        case nil: return Sniffed(encoding: .utf8, isTentative: true)
        }
    }

    /// What a `<meta>` element met while parsing declares, given its `charset`,
    /// `http-equiv` and `content` attributes (HTML's "in head" rules for `<meta>`).
    static func declared(byMeta attributes: [Page.Attribute]) -> Declaration? {
        func value(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
        if let charset = value("charset"), let declaration = declared(charset) { return declaration }
        guard value("http-equiv")?.lowercased() == "content-type", let content = value("content"),
              let label = Prescanner.charset(inContent: Array(content.lowercased().utf8)) else { return nil }
        return declared(String(decoding: label, as: UTF8.self))
    }

    // MARK: the prescan

    /// HTML's "prescan a byte stream to determine its encoding": the first `<meta charset>`
    /// or `<meta http-equiv=content-type content="…charset=…">` with a label a browser knows,
    /// skipping comments and other tags' attributes. This runs on every page, so it walks
    /// bytes and makes no strings until it has a label.
    static func prescan(_ head: ArraySlice<UInt8>) -> Declaration? {
        head.withUnsafeBufferPointer { bytes in
            var scanner = Prescanner(bytes: bytes)
            return scanner.run()
        }
    }

    private struct Prescanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        /// The prescan's bytes ran out in the middle of something: it gives up.
        struct Exhausted: Error {}

        mutating func run() -> Declaration? {
            do {
                while position < bytes.count {
                    guard let lt = memchrIndex(bytes, UInt8(ascii: "<"), from: position, before: bytes.count) else { return nil }
                    position = lt
                    if let found = try markup() { return found }
                    position += 1
                }
            } catch {}
            return nil
        }

        func byte(_ offset: Int) throws -> UInt8 {
            guard offset < bytes.count else { throw Exhausted() }
            return bytes[offset]
        }

        func isSpace(_ byte: UInt8) -> Bool { isHTMLSpace(byte) }

        /// At a `<`: a comment, a `<meta>`, another tag, or other markup.
        mutating func markup() throws -> Declaration? {
            if starts(with: "<!--") {
                // The first `>` after two dashes, which may be those of `<!--` itself.
                var index = position + 4
                while true {
                    let close = try byte(index)
                    if close == UInt8(ascii: ">") && bytes[index - 1] == UInt8(ascii: "-") && bytes[index - 2] == UInt8(ascii: "-") { break }
                    index += 1
                }
                position = index
                return nil
            }
            if startsIgnoringCase("<meta"), let after = position + 5 < bytes.count ? bytes[position + 5] : nil,
               isSpace(after) || after == UInt8(ascii: "/") {
                position += 5
                return try meta()
            }
            let next = try byte(position + 1)
            if try isASCIILetter(next) || (next == UInt8(ascii: "/") && isASCIILetter(byte(position + 2))) {
                // Another tag: its attributes are read past, so a quoted `>` or `<meta` inside
                // one ends or starts nothing.
                while try !isSpace(byte(position)) && bytes[position] != UInt8(ascii: ">") { position += 1 }
                while try attribute() != nil {}
                return nil
            }
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "/") || next == UInt8(ascii: "?") {
                guard let close = memchrIndex(bytes, UInt8(ascii: ">"), from: position + 1, before: bytes.count) else { throw Exhausted() }
                position = close
            }
            return nil
        }

        /// The attributes of a `<meta>`: an encoding when they declare one a browser knows.
        mutating func meta() throws -> Declaration? {
            var seen: Set<[UInt8]> = []
            var gotPragma = false
            var needPragma: Bool?
            /// nil: none yet; .some(nil): a label no browser knows, which ends nothing.
            var charset: Declaration??
            while let (name, value) = try attribute() {
                guard seen.insert(name).inserted else { continue }
                switch name {
                case Array("http-equiv".utf8):
                    if value == Array("content-type".utf8) { gotPragma = true }
                case Array("content".utf8):
                    // A label no browser knows here is as good as none.
                    if charset == nil, let label = Self.charset(inContent: value),
                       let declared = PageEncoding.declared(String(decoding: label, as: UTF8.self)) {
                        charset = .some(declared)
                        needPragma = true
                    }
                case Array("charset".utf8):
                    charset = .some(PageEncoding.declared(String(decoding: value, as: UTF8.self)))
                    needPragma = false
                default:
                    break
                }
            }
            guard let needPragma, !needPragma || gotPragma, let charset, let declaration = charset else { return nil }
            return declaration
        }

        /// HTML's "get an attribute": name and value lowercased, or nil at the tag's `>`.
        mutating func attribute() throws -> (name: [UInt8], value: [UInt8])? {
            while try isSpace(byte(position)) || bytes[position] == UInt8(ascii: "/") { position += 1 }
            if bytes[position] == UInt8(ascii: ">") { return nil }
            var name: [UInt8] = []
            var value: [UInt8] = []
            // The name: up to `=` (not as its first byte), a space, `/` or `>`.
            while true {
                let current = try byte(position)
                if current == UInt8(ascii: "=") && !name.isEmpty {
                    position += 1
                    return (name, try attributeValue())
                }
                if isSpace(current) { break }
                if current == UInt8(ascii: "/") || current == UInt8(ascii: ">") { return (name, value) }
                name.append(asciiLower(current))
                position += 1
            }
            while isSpace(try byte(position)) { position += 1 }
            guard bytes[position] == UInt8(ascii: "=") else { return (name, value) }
            position += 1
            value = try attributeValue()
            return (name, value)
        }

        mutating func attributeValue() throws -> [UInt8] {
            while isSpace(try byte(position)) { position += 1 }
            var value: [UInt8] = []
            let first = bytes[position]
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                while true {
                    position += 1
                    let current = try byte(position)
                    if current == first {
                        position += 1
                        return value
                    }
                    value.append(asciiLower(current))
                }
            }
            if first == UInt8(ascii: ">") { return value }
            while true {
                let current = try byte(position)
                if isSpace(current) || current == UInt8(ascii: ">") { return value }
                value.append(asciiLower(current))
                position += 1
            }
        }

        /// HTML's "extract a character encoding from a meta element" from its `content`.
        static func charset(inContent content: [UInt8]) -> ArraySlice<UInt8>? {
            let word = Array("charset".utf8)
            var position = 0
            while true {
                guard let found = (position..<max(position, content.count - word.count + 1)).first(where: {
                    content[$0..<($0 + word.count)].elementsEqual(word)
                }) else { return nil }
                var index = found + word.count
                while index < content.count, isHTMLSpace(content[index]) { index += 1 }
                guard index < content.count, content[index] == UInt8(ascii: "=") else {
                    position = index
                    continue
                }
                index += 1
                while index < content.count, isHTMLSpace(content[index]) { index += 1 }
                guard index < content.count else { return nil }
                let first = content[index]
                if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                    guard let close = content[(index + 1)...].firstIndex(of: first) else { return nil }
                    return content[(index + 1)..<close]
                }
                let end = content[index...].firstIndex { isHTMLSpace($0) || $0 == UInt8(ascii: ";") } ?? content.count
                return content[index..<end]
            }
        }

        func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            return ByteSearch.bytes(bytes, at: position, equal: text.utf8Start, count: count)
        }

        /// `text` is lowercase.
        func startsIgnoringCase(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for offset in 0..<count where asciiLower(bytes[position + offset]) != text.utf8Start[offset] { return false }
            return true
        }
    }
}

extension Array where Element == UInt8 {
    /// Without leading and trailing ASCII whitespace.
    func trimmingHTMLSpace() -> ArraySlice<UInt8> {
        var slice = self[...]
        while let first = slice.first, isHTMLSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isHTMLSpace(last) { slice = slice.dropLast() }
        return slice
    }
}
