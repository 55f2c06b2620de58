/// A page's original bytes, and the bytes pixeltag reads its structure from, with a map
/// between the two.
///
/// A page in an ASCII-compatible encoding (UTF-8, windows-125x, Shift_JIS…) is read as it
/// is: every byte of markup is ASCII there. A UTF-16 page is converted to UTF-8, keeping for
/// each UTF-8 byte the offset of the original byte it came from. libxml2 needs valid UTF-8
/// and is handed a converted copy of its own when the page is not (`libxmlInput`).
package struct PageSource: Sendable {
    package let bytes: [UInt8]
    package let encoding: PageEncoding
    private let bomLength: Int
    /// A UTF-16 page as UTF-8.
    private let converted: [UInt8]?
    /// `map[i]` is the original offset of converted byte `i`; one extra entry for the end.
    private let map: [Int32]?
    /// The encoding is UTF-8 for want of a declaration in the first 1024 bytes; a `<meta>`
    /// further on may still set it (`Page.lateEncoding`).
    let isTentative: Bool

    package enum Problem: Error, Equatable, Sendable {
        case empty
        case binary
        /// A declared encoding that a browser reads so that ASCII bytes may stand for other
        /// characters (ISO-2022-JP), or does not read at all (ISO-2022-KR, HZ…: "replacement").
        case unsupportedCharset(String)
    }

    package init(bytes: [UInt8]) throws(Problem) {
        try self.init(bytes: bytes, sniffed: PageEncoding.sniff(bytes))
    }

    /// `sniffed` is `PageEncoding.sniff(bytes)`, when the caller has it already.
    init(bytes: [UInt8], sniffed: PageEncoding.Sniffed) throws(Problem) {
        guard !bytes.isEmpty else { throw .empty }
        guard let encoding = sniffed.encoding else { throw .unsupportedCharset(sniffed.label ?? "") }
        if encoding.isASCIICompatible && Self.looksBinary(bytes.prefix(1024)) { throw .binary }
        self.bytes = bytes
        self.encoding = encoding
        self.bomLength = sniffed.bomLength
        isTentative = sniffed.isTentative
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            (converted, map) = Self.convertUTF16(bytes, from: sniffed.bomLength, littleEndian: encoding == .utf16LittleEndian)
        default:
            (converted, map) = (nil, nil)
        }
    }

    /// Binary content (an image or archive saved as .html): NUL bytes in a file that does not
    /// start with markup, or many control bytes. A stray NUL in real HTML is not enough.
    static func looksBinary(_ head: ArraySlice<UInt8>) -> Bool {
        let controls = head.filter { $0 < 0x09 || ($0 >= 0x0E && $0 < 0x20) }.count
        if controls * 10 > head.count { return head.count > 16 || head.first { !isHTMLSpace($0) } != UInt8(ascii: "<") }
        return head.contains(0) && head.first { !isHTMLSpace($0) } != UInt8(ascii: "<")
    }

    /// Runs `body` over the bytes pixeltag reads the page's structure from: the page after
    /// its byte order mark, or, for UTF-16, its UTF-8 conversion.
    func withParseBuffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let converted { return converted.withUnsafeBufferPointer(body) }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[bomLength...])) }
    }

    /// The offset in the original bytes of an offset in the parse buffer.
    func originalOffset(_ parseOffset: Int) -> Int {
        guard let map else { return parseOffset + bomLength }
        return Int(map[min(max(parseOffset, 0), map.count - 1)])
    }

    /// What libxml2 should parse of the first `length` bytes of the parse buffer, with the
    /// `hidden` ranges (in parse-buffer offsets) turned into spaces: nil when that is the
    /// parse buffer's prefix as it is (valid UTF-8 without NUL, nothing hidden). Otherwise a
    /// copy, converted to UTF-8 where it is not (the page's one-byte encoding decoded;
    /// anything else not UTF-8, and NUL, as U+FFFD) with, when converted, the parse-buffer
    /// offset of each of its bytes and one for the end.
    func libxmlInput(length: Int, hiding hidden: [Range<Int>]) -> (bytes: [UInt8], map: [Int32]?)? {
        withParseBuffer { buffer -> (bytes: [UInt8], map: [Int32]?)? in
            let part = UnsafeBufferPointer(rebasing: buffer[..<min(length, buffer.count)])
            let isUTF8 = encoding == .utf8 || converted != nil
            if hidden.isEmpty && isUTF8 && UTF8Repair.isValid(part) { return nil }
            var copy = Array(part)
            copy.withUnsafeMutableBufferPointer { copy in
                for range in hidden.map({ $0.clamped(to: 0..<copy.count) }) where !range.isEmpty {
                    UnsafeMutableBufferPointer(rebasing: copy[range]).update(repeating: 0x20)
                }
            }
            switch encoding {
            case .singleByte(let name):
                let (out, map) = Self.convertSingleByte(copy, table: PageEncoding.highHalf(of: name))
                return (out, map)
            default:
                if isUTF8 && copy.withUnsafeBufferPointer({ UTF8Repair.isValid($0) }) { return (copy, nil) }
                let (out, map) = UTF8Repair.repair(copy, from: 0)
                return (out, map)
            }
        }
    }

    /// `text` in the page's encoding, or nil when the encoding cannot represent it.
    package func encode(_ text: String) -> [UInt8]? {
        switch encoding {
        case .utf8:
            return Array(text.utf8)
        case .utf16LittleEndian, .utf16BigEndian:
            var out: [UInt8] = []
            out.reserveCapacity(text.utf16.count * 2)
            for unit in text.utf16 {
                let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
                if encoding == .utf16LittleEndian { out += [low, high] } else { out += [high, low] }
            }
            return out
        case .singleByte(let name):
            let table = PageEncoding.highHalf(of: name)
            var out: [UInt8] = []
            for scalar in text.unicodeScalars {
                if scalar.value < 0x80 {
                    out.append(UInt8(scalar.value))
                } else if let index = table.firstIndex(of: scalar) {
                    out.append(UInt8(0x80 + index))
                } else {
                    return nil
                }
            }
            return out
        case .multiByte:
            // pixeltag carries no tables for these: its ASCII blocks need none.
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return Array(text.utf8)
        }
    }

    /// The page's line ending: CRLF when its first line ends so, else LF.
    package var usesCRLF: Bool {
        if encoding.isASCIICompatible {
            // A minified page may hold no line break at all: memchr, not a walk in Swift.
            guard let lf = bytes.withUnsafeBufferPointer({ memchrIndex($0, 0x0A, from: bomLength, before: $0.count) }) else { return false }
            return lf > bomLength && bytes[lf - 1] == 0x0D
        }
        // UTF-16: two bytes a unit.
        func unit(at index: Int) -> UInt16 {
            encoding == .utf16LittleEndian ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
        }
        var index = bomLength
        while index + 1 < bytes.count {
            if unit(at: index) == 0x0A { return index >= bomLength + 2 && unit(at: index - 2) == 0x0D }
            index += 2
        }
        return false
    }

    private static func convertSingleByte(_ bytes: [UInt8], table: [Unicode.Scalar]) -> ([UInt8], [Int32]) {
        var out: [UInt8] = []
        var map: [Int32] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        map.reserveCapacity(bytes.count + bytes.count / 4)
        for (offset, byte) in bytes.enumerated() {
            if byte == 0 {
                // libxml2 stops at NUL; a browser reads U+FFFD (see UTF8Repair).
                out += [0xEF, 0xBF, 0xBD]
                map += [Int32(offset), Int32(offset), Int32(offset)]
            } else if byte < 0x80 {
                out.append(byte)
                map.append(Int32(offset))
            } else {
                for unit in UTF8.encode(table[Int(byte) - 0x80])! {
                    out.append(unit)
                    map.append(Int32(offset))
                }
            }
        }
        map.append(Int32(bytes.count))
        return (out, map)
    }

    private static func convertUTF16(_ bytes: [UInt8], from start: Int, littleEndian: Bool) -> ([UInt8], [Int32]) {
        var out: [UInt8] = []
        var map: [Int32] = []
        var index = start
        func unit(at i: Int) -> UInt16 {
            littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
        }
        while index + 1 < bytes.count {
            let first = unit(at: index)
            var scalar = Unicode.Scalar(first)
            var width = 2
            if UTF16.isLeadSurrogate(first), index + 3 < bytes.count, UTF16.isTrailSurrogate(unit(at: index + 2)) {
                scalar = Unicode.Scalar(UTF16.decode(UTF16.EncodedScalar([first, unit(at: index + 2)])).value)
                width = 4
            }
            if scalar == "\0" { scalar = nil } // libxml2 stops at NUL; a browser reads U+FFFD (see UTF8Repair).
            for byte in UTF8.encode(scalar ?? "\u{FFFD}")! {
                out.append(byte)
                map.append(Int32(index))
            }
            index += width
        }
        // The end is the end of the last whole unit: a block inserted after a dangling odd
        // byte would sit between code units, where no reader of UTF-16 could find it again.
        map.append(Int32(index))
        return (out, map)
    }
}
