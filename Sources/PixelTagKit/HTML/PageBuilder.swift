/// Turns libxml2's SAX events into a `Page` with byte ranges.
///
/// libxml2 reports where its cursor is, not where a token began, and it consumes some
/// markup silently (end tags it ignores, the `>` after a start tag). So the bytes between
/// two events (the "gap") are scanned here: a start tag is the `<name` in the gap, an end
/// tag is a `</name …>` in it, and an element libxml2 made up has no tag in the gap at all.
/// Text, comments and raw script bodies are always reported, so a gap holds only markup.
final class PageBuilder: ParseEventHandler {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let needsTree: Bool
    private let needsBody: Bool

    private var elements: [Page.Element] = []
    private var comments: [Page.Comment] = []
    private var open: [Int] = []
    private var tracker = HeadBodyTracker()
    /// Everything before this offset has been accounted for.
    private var gapStart = 0
    /// The last end tag found in a gap, to tell a real close from an implied one.
    private var lastEndTag: (name: ArraySlice<UInt8>, range: Range<Int>)?

    /// - Parameters:
    ///   - needsTree: keep every element (selectors and annotations need them).
    ///   - needsBody: the rules place something in the body, so parse to the end.
    init(bytes: UnsafeBufferPointer<UInt8>, needsTree: Bool, needsBody: Bool) {
        self.bytes = bytes
        self.needsTree = needsTree
        self.needsBody = needsBody
    }

    var wantsAttributes: Bool { needsTree }

    /// A page that only needs the base code needs nothing after the head.
    var isDone: Bool { !needsTree && !needsBody && tracker.hasResolvedHead }

    func finish(stoppedEarly: Bool) -> Page {
        if !stoppedEarly {
            scanGap(upTo: bytes.count)
            while let index = open.popLast() { close(index, at: bytes.count, endTag: nil) }
        }
        tracker.finish(at: stoppedEarly ? gapStart : bytes.count)
        return Page(elements: elements, comments: comments, anchors: tracker.anchors, isComplete: !stoppedEarly)
    }

    // MARK: events

    func startElement(name: String, attributes: [(String, String)], cursor: Int) {
        scanGap(upTo: cursor)
        let nameBytes = Array(name.utf8)
        var tag: Range<Int>
        if let start = findStartTag(nameBytes, before: cursor) {
            var end = cursor
            if cursor < bytes.count && bytes[cursor] == UInt8(ascii: ">") {
                end = cursor + 1
            } else if cursor + 1 < bytes.count && bytes[cursor] == UInt8(ascii: "/") && bytes[cursor + 1] == UInt8(ascii: ">") {
                end = cursor + 2
            }
            tag = start..<end
            gapStart = end
            tracker.startTag(name, range: tag)
        } else {
            // Made up by libxml2 (an implied element): it begins where the next token does.
            let at = firstMarkup(before: cursor) ?? cursor
            tag = at..<at
        }
        let element = Page.Element(
            name: name,
            attributes: attributes.map { Page.Attribute(name: $0.0, value: $0.1) },
            parent: open.last,
            startTag: tag,
            endTag: nil,
            contentEnd: tag.upperBound,
            outerEnd: tag.upperBound
        )
        elements.append(element)
        open.append(elements.count - 1)
    }

    func endElement(name: String, cursor: Int) {
        scanGap(upTo: cursor)
        guard let position = open.lastIndex(where: { elements[$0].name == name }) else { return }
        // libxml2 closes from the top of its stack down to the named element.
        while open.count > position + 1, let inner = open.popLast() {
            close(inner, at: impliedEnd(before: cursor), endTag: nil)
        }
        let index = open.removeLast()
        let nameBytes = name.utf8
        if let last = lastEndTag, last.range.upperBound == cursor, equalsIgnoringCase(last.name, nameBytes) {
            close(index, at: last.range.lowerBound, endTag: last.range)
        } else if elements[index].startTag.upperBound == cursor && !elements[index].isImplied {
            // `<div/>`: libxml2 closes it at once.
            close(index, at: cursor, endTag: nil)
        } else {
            close(index, at: impliedEnd(before: cursor), endTag: nil)
        }
    }

    func text(isWhitespace: Bool, cursor: Int) {
        scanGap(upTo: cursor)
        if !isWhitespace {
            var start = gapStart
            while start < cursor, isHTMLSpace(bytes[start]) { start += 1 }
            tracker.text(at: start)
        }
        gapStart = max(gapStart, cursor)
    }

    func comment(_ text: String, cursor: Int) {
        scanGap(upTo: cursor)
        let start = firstMarkup(before: cursor) ?? gapStart
        if needsTree { comments.append(Page.Comment(range: start..<cursor, text: text)) }
        gapStart = max(gapStart, cursor)
    }

    func rawText(cursor: Int) {
        // A script or style body: everything since the last event is its text, tags included.
        gapStart = max(gapStart, cursor)
    }

    func opaque(cursor: Int) {
        scanGap(upTo: cursor)
        gapStart = max(gapStart, cursor)
    }

    // MARK: gap scanning

    private func close(_ index: Int, at contentEnd: Int, endTag: Range<Int>?) {
        elements[index].contentEnd = max(contentEnd, elements[index].startTag.upperBound)
        elements[index].endTag = endTag
        elements[index].outerEnd = endTag?.upperBound ?? elements[index].contentEnd
    }

    /// Where an element that libxml2 closed without an end tag of its own ends: at the token
    /// that closed it, which is the first markup not yet accounted for.
    private func impliedEnd(before cursor: Int) -> Int {
        if let last = lastEndTag, last.range.upperBound == cursor { return last.range.lowerBound }
        return firstMarkup(before: cursor) ?? min(gapStart, cursor)
    }

    /// Reports every complete tag in the gap to the head/body tracker, in order: end tags,
    /// and start tags libxml2 dropped (a second `<body>`). It stops at a start tag still being
    /// parsed, whose `>` lies at or past the cursor.
    private func scanGap(upTo cursor: Int) {
        var index = gapStart
        let limit = min(cursor, bytes.count)
        while index < limit {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < limit else {
                // Text libxml2 dropped without an event (a bad character reference): a browser
                // still sees text there, and text ends the head.
                if !isHTMLSpace(bytes[index]) && bytes[index] != UInt8(ascii: "<") { tracker.text(at: index) }
                index += 1
                continue
            }
            if bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "?") {
                // A comment, or what a browser reads as one (`<![CDATA[…>`, `<!x>`): nothing in it is a tag.
                guard let end = commentEnd(from: index, limit: limit) else { return }
                index = end
                continue
            }
            let isEnd = bytes[index + 1] == UInt8(ascii: "/")
            let nameStart = isEnd ? index + 2 : index + 1
            guard nameStart < limit, isASCIILetter(bytes[nameStart]) else { index += 1; continue }
            var nameEnd = nameStart
            while nameEnd < limit, !isTagNameEnd(bytes[nameEnd]) { nameEnd += 1 }
            let close = tagClose(from: nameEnd, limit: limit)
            // Still being parsed: its `>` lies at or past the cursor.
            if close >= limit && (limit < bytes.count || !isEnd) { return }
            let end = min(close + 1, bytes.count)
            let name = lowercased(bytes[nameStart..<nameEnd])
            let text = String(decoding: name, as: UTF8.self)
            if isEnd {
                lastEndTag = (name[...], index..<end)
                tracker.endTag(text, range: index..<end)
            } else {
                tracker.startTag(text, range: index..<end)
            }
            gapStart = end
            index = end
        }
    }

    /// Just past a comment (`<!--…-->`) or bogus comment (`<!…>`) starting at `start`, or nil
    /// when it does not end before `limit`.
    private func commentEnd(from start: Int, limit: Int) -> Int? {
        let isComment = start + 3 < limit && bytes[start + 2] == UInt8(ascii: "-") && bytes[start + 3] == UInt8(ascii: "-")
        var index = isComment ? start + 4 : start + 2
        while index < limit {
            if bytes[index] == UInt8(ascii: ">") && (!isComment || (index >= start + 6 && bytes[index - 1] == UInt8(ascii: "-") && bytes[index - 2] == UInt8(ascii: "-"))) {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// The offset of the `>` that ends a tag, skipping quoted attribute values; `limit` when
    /// there is none before it.
    private func tagClose(from start: Int, limit: Int) -> Int {
        var index = start
        var quote: UInt8 = 0
        while index < limit {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: ">") {
                return index
            } else if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) && index > start && bytes[index - 1] == UInt8(ascii: "=") {
                quote = byte
            }
            index += 1
        }
        return limit
    }

    private func findStartTag(_ name: [UInt8], before cursor: Int) -> Int? {
        var index = gapStart
        let limit = min(cursor, bytes.count)
        while index < limit {
            if bytes[index] == UInt8(ascii: "<"), index + name.count < bytes.count {
                var matches = true
                for (offset, byte) in name.enumerated() where asciiLower(bytes[index + 1 + offset]) != byte {
                    matches = false
                    break
                }
                let after = index + 1 + name.count
                if matches, after >= bytes.count || isTagNameEnd(bytes[after]) { return index }
            }
            index += 1
        }
        return nil
    }

    private func firstMarkup(before cursor: Int) -> Int? {
        var index = gapStart
        while index < min(cursor, bytes.count) {
            if bytes[index] == UInt8(ascii: "<") { return index }
            index += 1
        }
        return nil
    }

    private func lowercased(_ slice: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
        slice.map(asciiLower)
    }

    private func equalsIgnoringCase(_ a: ArraySlice<UInt8>, _ b: String.UTF8View) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { asciiLower($0) == asciiLower($1) }
    }
}

@inline(__always) func asciiLower(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

@inline(__always) func isASCIILetter(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return lower >= 0x61 && lower <= 0x7A
}

@inline(__always) func isHTMLSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}

@inline(__always) func isTagNameEnd(_ byte: UInt8) -> Bool {
    isHTMLSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
}
