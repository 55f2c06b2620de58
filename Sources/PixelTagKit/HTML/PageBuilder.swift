#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns libxml2's SAX events into the tokens that are really in the source, with byte
/// ranges, and hands them to the head/body tracker and (when rules need elements) to the
/// tree builder.
///
/// libxml2 reports where its cursor is, not where a token began, and it consumes some
/// markup silently (end tags it ignores, the `>` after a start tag). So the bytes between
/// two events (the "gap") are scanned here: a start tag is the `<name` in the gap, an end
/// tag is a `</name …>` in it, and an element libxml2 made up has no tag in the gap at all.
/// Text, comments and raw script bodies are always reported, so a gap holds only markup.
/// libxml2's own tree (HTML 4 rules) is not used: `TreeBuilder` builds a browser's.
final class PageBuilder: ParseEventHandler {
    // The state lives in a struct: every access to a class's stored `var` is checked for
    // exclusivity at run time, and the scanner touches its state a few times per byte of markup.
    private var scanner: PageScanner

    init(bytes: UnsafeBufferPointer<UInt8>, needsTree: Bool, needsBody: Bool, attributes: [String]?) {
        scanner = PageScanner(bytes: bytes, needsTree: needsTree, needsBody: needsBody, attributes: attributes)
        mayStopEarly = !needsTree && !needsBody
    }

    var keptAttributes: [String]? { scanner.keptAttributes }
    var isDone: Bool { scanner.isDone }
    let mayStopEarly: Bool
    func finish(stoppedEarly: Bool) -> Page { scanner.finish(stoppedEarly: stoppedEarly) }
    /// The furthest parser cursor any event reported.
    var furthestCursor: Int { scanner.furthestCursor }

    func startElement(name: String, attributes: [Page.Attribute], cursor: Int) {
        scanner.startElement(name: name, attributes: attributes, cursor: cursor)
    }
    func endElement(cursor: Int) { scanner.endElement(cursor: cursor) }
    func text(isWhitespace: Bool, cursor: Int) { scanner.text(isWhitespace: isWhitespace, cursor: cursor) }
    func comment(_ text: String, cursor: Int) { scanner.comment(text, cursor: cursor) }
    func rawText(cursor: Int) { scanner.rawText(cursor: cursor) }
    func opaque(cursor: Int) { scanner.opaque(cursor: cursor) }
}

/// `PageBuilder`'s work, on a value.
struct PageScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let needsTree: Bool
    private let needsBody: Bool
    private let attributes: [String]?

    private var tree = TreeBuilder()
    private var comments: [Page.Comment] = []
    private var tracker = HeadBodyTracker()
    /// Everything before this offset has been accounted for.
    private var gapStart = 0
    private(set) var furthestCursor = 0
    /// Where the last text event ended, and whether its run of text was blank so far.
    private var lastTextEnd = -1
    private var runIsWhitespace = true

    /// - Parameters:
    ///   - needsTree: build the element tree (selectors and annotations need it).
    ///   - needsBody: the rules place something in the body, so parse to the end.
    ///   - attributes: the attribute names the rules look at; nil keeps all of them.
    init(bytes: UnsafeBufferPointer<UInt8>, needsTree: Bool, needsBody: Bool, attributes: [String]?) {
        self.bytes = bytes
        self.needsTree = needsTree
        self.needsBody = needsBody
        self.attributes = attributes.map { $0 + TreeBuilder.attributesItReads }
        // Pages have about one element per 60 to 100 bytes: growing the arrays from empty
        // copied them a dozen times per page.
        if needsTree { tree.reserveCapacity(bytes.count / 128) }
    }

    var keptAttributes: [String]? { needsTree ? attributes : [] }

    /// A page that only needs the base code needs nothing after the head.
    var isDone: Bool { !needsTree && !needsBody && tracker.hasResolvedHead }

    mutating func finish(stoppedEarly: Bool) -> Page {
        if !stoppedEarly { scanGap(upTo: bytes.count) }
        tracker.finish(at: stoppedEarly ? gapStart : bytes.count)
        let (elements, order) = needsTree ? tree.finish(at: bytes.count) : ([], [])
        return Page(elements: elements, treeOrder: order, comments: comments, anchors: tracker.anchors, isComplete: !stoppedEarly)
    }

    // MARK: events

    mutating func startElement(name: String, attributes: [Page.Attribute], cursor: Int) {
        furthestCursor = max(furthestCursor, cursor)
        scanGap(upTo: cursor)
        // No `<name` in the gap: libxml2 made the element up, and a browser may not.
        guard let start = findStartTag(name, before: cursor) else { return }
        var end = cursor
        var selfClosing = false
        if cursor < bytes.count && bytes[cursor] == UInt8(ascii: ">") {
            end = cursor + 1
            selfClosing = cursor > start && bytes[cursor - 1] == UInt8(ascii: "/")
        } else if cursor + 1 < bytes.count && bytes[cursor] == UInt8(ascii: "/") && bytes[cursor + 1] == UInt8(ascii: ">") {
            end = cursor + 2
            selfClosing = true
        }
        let tag = start..<end
        gapStart = end
        tracker.startTag(name, range: tag)
        // A tag cut off by the end of the file is no tag to a browser.
        if needsTree && end > cursor {
            tree.startTag(.init(
                name: name, attributes: attributes,
                range: tag, selfClosing: selfClosing
            ))
        }
    }

    mutating func endElement(cursor: Int) {
        furthestCursor = max(furthestCursor, cursor)
        // Which element closes is the tree builder's call; only the bytes matter here.
        scanGap(upTo: cursor)
    }

    mutating func text(isWhitespace: Bool, cursor: Int) {
        furthestCursor = max(furthestCursor, cursor)
        scanGap(upTo: cursor, textIsReported: true)
        // Text with no bytes of its own in the source (libxml2 makes some up while it
        // recovers, after a misplaced doctype) is no text to a browser, and must not open the body.
        guard cursor > gapStart else { return }
        // libxml2 hands a long text over in chunks of up to 1,000 characters. A chunk that
        // follows another with nothing between adds nothing to the tree, unless it is the
        // first non-blank one (a browser reads the whole run as one).
        let continuesRun = gapStart == lastTextEnd
        defer {
            lastTextEnd = gapStart
            runIsWhitespace = (continuesRun ? runIsWhitespace : true) && isWhitespace
        }
        if continuesRun && (isWhitespace || !runIsWhitespace) {
            gapStart = max(gapStart, cursor)
            return
        }
        var start = gapStart
        if !isWhitespace {
            while start < cursor, isHTMLSpace(bytes[start]) { start += 1 }
            tracker.text(at: start)
        }
        if needsTree { tree.text(at: start, isWhitespace: isWhitespace) }
        gapStart = max(gapStart, cursor)
    }

    mutating func comment(_ text: String, cursor: Int) {
        furthestCursor = max(furthestCursor, cursor)
        scanGap(upTo: cursor)
        let start = firstMarkup(before: cursor) ?? gapStart
        if needsTree { comments.append(Page.Comment(range: start..<cursor, text: text)) }
        gapStart = max(gapStart, cursor)
    }

    mutating func rawText(cursor: Int) {
        furthestCursor = max(furthestCursor, cursor)
        // A script or style body: everything since the last event is its text, tags included.
        if needsTree && cursor > gapStart { tree.text(at: gapStart, isWhitespace: false) }
        gapStart = max(gapStart, cursor)
    }

    mutating func opaque(cursor: Int) {
        furthestCursor = max(furthestCursor, cursor)
        scanGap(upTo: cursor)
        gapStart = max(gapStart, cursor)
    }

    // MARK: gap scanning

    /// Reports every complete tag in the gap, in order: end tags, and start tags libxml2
    /// dropped (a second `<body>`). It stops at a start tag still being parsed, whose `>`
    /// lies at or past the cursor.
    ///
    /// `textIsReported`: the caller is a text event, whose own text is the run of text that
    /// ends the gap; only text before markup in the gap was dropped by libxml2.
    private mutating func scanGap(upTo cursor: Int, textIsReported: Bool = false) {
        var index = gapStart
        let limit = min(cursor, bytes.count)
        while index < limit {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < limit else {
                if !isHTMLSpace(bytes[index]) && bytes[index] != UInt8(ascii: "<") {
                    // One report for the whole run, as it is one text token: per byte, a
                    // dropped 8 MB attribute took the tree builder half a minute.
                    let next = nextMarkup(from: index + 1, limit: limit)
                    if !(textIsReported && next == limit) {
                        // Text libxml2 dropped without an event (a bad character reference): a
                        // browser still sees text there, and text ends the head.
                        tracker.text(at: index)
                        if needsTree { tree.text(at: index, isWhitespace: false) }
                    }
                    index = next
                    continue
                }
                index += 1
                continue
            }
            if bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "?") {
                // A comment, or what a browser reads as one (`<![CDATA[…>`, `<!x>`): nothing in it is a tag.
                guard let end = commentEnd(from: index, limit: limit) else { return }
                if needsTree && isDoctype(at: index) { tree.doctype(Array(bytes[index..<end])) }
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
            let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])
            // Most end tags are written in lowercase already: then no lowercased copy is made.
            let name = nameBytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A })
                ? String(decoding: nameBytes.map(asciiLower), as: UTF8.self)
                : String(decoding: nameBytes, as: UTF8.self)
            if isEnd {
                tracker.endTag(name, range: index..<end)
                if needsTree { tree.endTag(name: name, range: index..<end) }
            } else {
                tracker.startTag(name, range: index..<end)
                if needsTree {
                    let selfClosing = end >= 2 && bytes[end - 2] == UInt8(ascii: "/")
                    tree.startTag(.init(name: name, attributes: [], range: index..<end, selfClosing: selfClosing))
                }
            }
            gapStart = end
            index = end
        }
    }

    private func isDoctype(at index: Int) -> Bool {
        let word = Array("<!doctype".utf8)
        guard index + word.count <= bytes.count else { return false }
        return word.indices.allSatisfy { asciiLower(bytes[index + $0]) == word[$0] }
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

    private func findStartTag(_ name: String, before cursor: Int) -> Int? {
        let length = name.utf8.count
        var index = gapStart
        let limit = min(cursor, bytes.count)
        while index < limit {
            if bytes[index] == UInt8(ascii: "<"), index + length < bytes.count {
                var matches = true
                var offset = index + 1
                for byte in name.utf8 {
                    if asciiLower(bytes[offset]) != byte { matches = false; break }
                    offset += 1
                }
                if matches, offset >= bytes.count || isTagNameEnd(bytes[offset]) { return index }
            }
            index += 1
        }
        return nil
    }

    /// The next `<` at or after `start`, or `limit`.
    private func nextMarkup(from start: Int, limit: Int) -> Int {
        guard start < limit, let base = bytes.baseAddress,
              let hit = memchr(base + start, Int32(UInt8(ascii: "<")), limit - start) else { return limit }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    private func firstMarkup(before cursor: Int) -> Int? {
        var index = gapStart
        while index < min(cursor, bytes.count) {
            if bytes[index] == UInt8(ascii: "<") { return index }
            index += 1
        }
        return nil
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
