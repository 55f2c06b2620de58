/// Writes blocks between ASCII comment markers and finds them again.
///
/// A block is `<!-- pixeltag:begin LABEL hash=H len=N -->` NL snippet NL `<!-- pixeltag:end -->` NL,
/// where N counts the bytes between the two markers. The length, not a search for the end
/// marker, says where a block ends, so a snippet holding `-->` or even
/// `<!-- pixeltag:end -->` cannot cut it short, and strip removes exactly what inject added.
package struct Markers: Sendable {
    static let beginText = "<!-- pixeltag:begin "
    static let closeText = " -->"
    static let endText = "<!-- pixeltag:end -->"
    /// How far a begin marker's ` -->` may lie from its label's start, in characters: an event
    /// id of `LockFile.maxIDBytes` percent-encodes to at most three times its bytes, plus the
    /// hash and length fields. Further than this, the marker is broken.
    static let maxLabelBytes = 4096

    /// A block found in a page.
    package struct Found: Sendable, Equatable {
        package var kind: Block.Kind?
        package var hash: String?
        /// The whole block, markers and trailing newline included, in the page's bytes.
        package var range: Range<Int>
        /// The snippet between the markers, without the framing newlines.
        package var content: Range<Int>
        /// False when the block was edited by hand (its length no longer fits).
        package var isIntact: Bool
    }

    package struct Unterminated: Error, Equatable {
        package var offset: Int
    }

    private var encoding: PageEncoding
    private let unitWidth: Int
    private let begin: [UInt8], close: [UInt8], end: [UInt8], lf: [UInt8], crlf: [UInt8]
    /// The searches for one-byte encodings, made once: every page is searched for markers.
    private let beginSearch: ByteSearch, closeSearch: ByteSearch, endSearch: ByteSearch

    package init(encoding: PageEncoding) {
        switch encoding {
        case .utf16LittleEndian: self = Self.utf16LittleEndian
        case .utf16BigEndian: self = Self.utf16BigEndian
        case .utf8: self = Self.utf8
        case .singleByte, .multiByte: self = Self.utf8.with(encoding: encoding)
        }
    }

    private init(building encoding: PageEncoding) {
        self.encoding = encoding
        unitWidth = encoding == .utf16LittleEndian || encoding == .utf16BigEndian ? 2 : 1
        begin = Self.encode(Self.beginText, in: encoding)
        close = Self.encode(Self.closeText, in: encoding)
        end = Self.encode(Self.endText, in: encoding)
        lf = Self.encode("\n", in: encoding)
        crlf = Self.encode("\r\n", in: encoding)
        beginSearch = ByteSearch(begin)
        closeSearch = ByteSearch(close)
        endSearch = ByteSearch(end)
    }

    private static let utf8 = Markers(building: .utf8)
    private static let utf16LittleEndian = Markers(building: .utf16LittleEndian)
    private static let utf16BigEndian = Markers(building: .utf16BigEndian)

    /// The markers of a legacy ASCII-compatible encoding are their ASCII bytes, as in UTF-8.
    private func with(encoding: PageEncoding) -> Markers {
        var markers = self
        markers.encoding = encoding
        return markers
    }

    /// ASCII text in the page's encoding: markers and framing are ASCII, the same bytes in
    /// every ASCII-compatible encoding, and two bytes a character in UTF-16.
    private func encode(_ text: String) -> [UInt8] { Self.encode(text, in: encoding) }

    private static func encode(_ text: String, in encoding: PageEncoding) -> [UInt8] {
        switch encoding {
        case .utf16LittleEndian: text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16BigEndian: text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .utf8, .singleByte, .multiByte: Array(text.utf8)
        }
    }

    /// The bytes of `block` as inserted into a page; `content` must already be in the page's
    /// encoding with the page's line endings.
    package func render(_ block: Block, content: [UInt8], crlf useCRLF: Bool) -> [UInt8] {
        let newline = useCRLF ? crlf : lf
        let inner = newline + content + newline
        let head = encode(Self.beginText + block.kind.label + " hash=\(block.hash) len=\(inner.count)" + Self.closeText)
        return head + inner + end + newline
    }

    /// Every block in `bytes`, in order.
    package func find(in bytes: [UInt8]) throws(Unterminated) -> [Found] {
        var found: [Found] = []
        var position = 0
        while let start = search(beginSearch, in: bytes, from: position) {
            let labelStart = start + begin.count
            guard let closeAt = search(closeSearch, in: bytes, from: labelStart, within: Self.maxLabelBytes * unitWidth) else {
                throw Unterminated(offset: start)
            }
            let fields = decodeASCII(bytes[labelStart..<closeAt]).split(separator: " ")
            let kind = fields.first.flatMap { Block.Kind(label: String($0)) }
            let hash = fields.first { $0.hasPrefix("hash=") }.map { String($0.dropFirst(5)) }
            let length = fields.first { $0.hasPrefix("len=") }.flatMap { Int($0.dropFirst(4)) }
            let innerStart = closeAt + close.count
            var blockEnd: Int
            var intact = false
            // The length is read from the page, which anyone may have edited: a negative or
            // huge one must mean "broken", not a trap on overflow or a backwards range.
            if let length, length >= 0, length <= bytes.count - innerStart - end.count,
               matches(end, in: bytes, at: innerStart + length) {
                blockEnd = innerStart + length + end.count
                intact = true
            } else if let endAt = search(endSearch, in: bytes, from: innerStart) {
                blockEnd = endAt + end.count
            } else {
                throw Unterminated(offset: start)
            }
            let innerEnd = blockEnd - end.count
            var content = innerStart..<innerEnd
            content = trimNewline(content, in: bytes)
            if matches(crlf, in: bytes, at: blockEnd) {
                blockEnd += crlf.count
            } else if matches(lf, in: bytes, at: blockEnd) {
                blockEnd += lf.count
            }
            found.append(Found(kind: kind, hash: hash, range: start..<blockEnd, content: content, isIntact: intact))
            position = blockEnd
        }
        return found
    }

    /// `bytes` without the given blocks.
    package static func remove(_ blocks: [Found], from bytes: [UInt8]) -> [UInt8] {
        guard !blocks.isEmpty else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for block in blocks {
            out += bytes[position..<block.range.lowerBound]
            position = block.range.upperBound
        }
        out += bytes[position...]
        return out
    }

    /// Where a marker begins in `stripped` (the page once `removed` came out), as an offset in
    /// the page before; nil when there is none. Blocks removed from inside another marker
    /// join its pieces into a new one.
    package func markerLeft(in stripped: [UInt8], afterRemoving removed: [Found]) -> Int? {
        var offset: Int
        do {
            guard let first = try find(in: stripped).first else { return nil }
            offset = first.range.lowerBound
        } catch {
            offset = error.offset
        }
        for block in removed where block.range.lowerBound <= offset { offset += block.range.count }
        return offset
    }

    private func trimNewline(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        for newline in [crlf, lf] where upper - lower >= newline.count && matches(newline, in: bytes, at: lower) {
            lower += newline.count
            break
        }
        for newline in [crlf, lf] where upper - lower >= newline.count && matches(newline, in: bytes, at: upper - newline.count) {
            upper -= newline.count
            break
        }
        return lower..<upper
    }

    private func decodeASCII(_ slice: ArraySlice<UInt8>) -> String {
        if unitWidth == 1 { return String(decoding: slice, as: UTF8.self) }
        var units: [UInt8] = []
        var index = slice.startIndex
        while index + 1 < slice.endIndex {
            let pair = (slice[index], slice[index + 1])
            units.append(encoding == .utf16BigEndian ? pair.1 : pair.0)
            index += 2
        }
        return String(decoding: units, as: UTF8.self)
    }

    private func matches(_ pattern: [UInt8], in bytes: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + pattern.count <= bytes.count else { return false }
        for index in pattern.indices where bytes[offset + index] != pattern[index] { return false }
        return true
    }

    private func search(_ search: ByteSearch, in bytes: [UInt8], from start: Int, within limit: Int = .max) -> Int? {
        let pattern = search.needle
        guard let first = pattern.first, start >= 0 else { return nil }
        let last = min(bytes.count - pattern.count, limit == .max ? .max : start + limit)
        guard start <= last else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            if unitWidth == 1 {
                // A rare byte of the marker, not '<' which HTML is full of, leads the scan.
                return search.first(in: buffer, from: start, end: last + pattern.count)
            }
            var index = start
            while index <= last {
                // memchr finds candidates far faster than a byte loop on large pages.
                guard let candidate = memchrIndex(buffer, first, from: index, before: last + 1) else { return nil }
                if candidate % unitWidth == start % unitWidth, matches(pattern, in: bytes, at: candidate) { return candidate }
                index = candidate + 1
            }
            return nil
        }
    }
}
