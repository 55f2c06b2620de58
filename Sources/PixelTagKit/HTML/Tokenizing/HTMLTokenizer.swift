/// The WHATWG HTML tokenizer, over bytes: where each tag, comment, doctype and run of text
/// starts and ends, as a browser reads them.
///
/// libxml2 2.9 tokenizes by HTML 4's rules and reads some bytes differently: a `<!-->` or a
/// `--!>` does not end its comment, `<!x>` is text, only `<script>` and `<style>` hold raw
/// text (so a `</title>` inside a comment inside a `<title>` ends nothing), a script's
/// `<!--<script>…</script>-->` ends at the first `</script`, and `<div<div>` is two tags. A
/// block placed by libxml2's reading could land where a browser reads text. So this reading
/// decides the page's structure, and the html5lib tokenizer vectors check it
/// (`TokenizerConformanceTests`).
///
/// It only finds boundaries: text is passed over with `memchr`, attribute values by their
/// closing quote, and nothing is decoded (see `AttributeDecoder`). Every byte that matters
/// to the tokenizer is ASCII, and no ASCII-compatible encoding puts one of those bytes inside
/// a multi-byte character, so the same bytes serve for UTF-8, windows-1252, Shift_JIS, GBK…
struct HTMLTokenizer {
    /// The states the tree builder switches the tokenizer to after certain start tags.
    enum Content: Equatable {
        case data
        /// `<title>`, `<textarea>`: text (with character references) up to the end tag.
        case rcdata
        /// `<style>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`, `<noscript>`.
        case rawText
        /// `<script>`, with the escaped states of `<!--` and `<script>` inside it.
        case scriptData
        /// `<plaintext>`: text to the end of the file.
        case plaintext
        /// Inside `<![CDATA[` … `]]>` (only in SVG and MathML).
        case cdata
    }

    enum Kind: Equatable {
        case startTag, endTag, comment, doctype
        /// Text in the data state.
        case text
        /// Text in another state: an element's raw text or RCDATA, or a CDATA section.
        case rawText
    }

    struct Attribute: Equatable {
        var name: Range<Int>
        /// Empty for an attribute without a value.
        var value: Range<Int>
    }

    struct Token {
        var kind = Kind.text
        /// All of the token's bytes.
        var range = 0..<0
        /// A tag's name, a comment's text, a text's bytes.
        var data = 0..<0
        var selfClosing = false
        /// A tag's attributes in source order, duplicates included (the first one counts).
        /// Only a tag sets these and `selfClosing`.
        var attributes: [Attribute] = []
        /// For text: the state it was read in.
        var content = Content.data
    }

    /// What the end of the input cut off.
    enum Unfinished: Equatable {
        case tag, comment, doctype, cdata
        /// The text of an element that is still open (its content state at the end).
        case text(Content)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    private(set) var content = Content.data
    /// The lowercase name an end tag must have to end raw text or RCDATA.
    private var endTagName: [UInt8] = []
    /// Whether `<![CDATA[` opens a CDATA section: only in SVG and MathML content.
    var allowsCDATA = false
    /// Where the last token from `next` began being read when the input ran out inside it.
    private(set) var unfinished: (kind: Unfinished, start: Int)?
    /// Text before a token already found, handed out first.
    private var pendingTextEnd: Int?

    init(bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) {
        self.bytes = bytes
        position = start
    }

    /// Switches to `content` for the element `name` (lowercase) whose start tag was the last
    /// token: its text runs up to `</name`.
    mutating func switchTo(_ content: Content, endTagName name: some Sequence<UInt8>) {
        self.content = content
        endTagName = Array(name)
    }

    // MARK: tokens

    /// The next token, or false at the end of the input.
    mutating func next(_ token: inout Token) -> Bool {
        let end = bytes.count
        while position < end {
            let start = position
            switch content {
            case .data:
                if bytes[start] == UInt8(ascii: "<"), let found = markup(at: start, into: &token) {
                    if found { return true }
                    continue
                }
                // Text up to the next `<` that starts markup (a `<` that starts nothing is text).
                var search = start + 1
                while true {
                    guard let lt = find(UInt8(ascii: "<"), from: search, before: end) else {
                        position = end
                        return text(start..<end, into: &token, kind: .text)
                    }
                    if startsMarkup(at: lt) {
                        position = lt
                        return text(start..<lt, into: &token, kind: .text)
                    }
                    search = lt + 1
                }
            case .rcdata, .rawText, .scriptData:
                if let textEnd = pendingTextEnd {
                    // The text before the end tag was handed out; now the end tag itself.
                    pendingTextEnd = nil
                    content = .data
                    if tag(at: textEnd, into: &token) { return true }
                    continue
                }
                let endTag = content == .scriptData ? scriptDataEnd(from: start) : rawTextEnd(from: start)
                guard let endTag else {
                    unfinished = (.text(content), start)
                    position = end
                    return text(start..<end, into: &token, kind: .rawText)
                }
                if endTag > start {
                    pendingTextEnd = endTag
                    position = endTag
                    return text(start..<endTag, into: &token, kind: .rawText)
                }
                content = .data
                if tag(at: endTag, into: &token) { return true }
            case .plaintext:
                unfinished = (.text(.plaintext), start)
                position = end
                return text(start..<end, into: &token, kind: .rawText)
            case .cdata:
                guard let close = find(Array("]]>".utf8), from: start, before: end) else {
                    unfinished = (.cdata, start)
                    position = end
                    return text(start..<end, into: &token, kind: .rawText)
                }
                let hasText = close > start && text(start..<close, into: &token, kind: .rawText, range: start..<(close + 3))
                content = .data
                position = close + 3
                if hasText { return true }
            }
        }
        return false
    }

    private func text(_ data: Range<Int>, into token: inout Token, kind: Kind, range: Range<Int>? = nil) -> Bool {
        token.kind = kind
        token.range = range ?? data
        token.data = data
        token.content = kind == .text ? .data : content
        return true
    }

    /// Whether the `<` at `lt` begins a token rather than text.
    @inline(__always)
    private func startsMarkup(at lt: Int) -> Bool {
        guard lt + 1 < bytes.count else { return false }
        let next = bytes[lt + 1]
        if isASCIILetter(next) || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") { return true }
        // `</` starts an end tag, a bogus comment, or `</>` (which a browser drops); at the
        // very end it is text.
        return next == UInt8(ascii: "/") && lt + 2 < bytes.count
    }

    /// Reads the markup at the `<` at `start`: true with a token, false when the markup
    /// makes none (`</>`, a tag cut off by the end of the input), nil when it is text.
    private mutating func markup(at start: Int, into token: inout Token) -> Bool? {
        guard startsMarkup(at: start) else { return nil }
        let next = bytes[start + 1]
        if isASCIILetter(next) { return tag(at: start, into: &token) }
        if next == UInt8(ascii: "/") {
            let after = bytes[start + 2]
            if isASCIILetter(after) { return tag(at: start, into: &token) }
            if after == UInt8(ascii: ">") {
                position = start + 3
                return false
            }
            return bogusComment(at: start, dataFrom: start + 2, into: &token)
        }
        if next == UInt8(ascii: "?") { return bogusComment(at: start, dataFrom: start + 1, into: &token) }
        // `<!`
        if matches(Array("--".utf8), at: start + 2) { return comment(at: start, into: &token) }
        if matchesIgnoringCase(Array("doctype".utf8), at: start + 2) {
            token.kind = .doctype
            guard let close = find(UInt8(ascii: ">"), from: start + 9, before: bytes.count) else {
                unfinished = (.doctype, start)
                token.range = start..<bytes.count
                token.data = start..<bytes.count
                position = bytes.count
                return true
            }
            token.range = start..<(close + 1)
            token.data = token.range
            position = close + 1
            return true
        }
        if allowsCDATA && matches(Array("[CDATA[".utf8), at: start + 2) {
            content = .cdata
            position = start + 9
            return false
        }
        return bogusComment(at: start, dataFrom: start + 2, into: &token)
    }

    /// A comment from `<!--` at `start`: it ends at the first `-->` or `--!>` after the
    /// opening, or right away for `<!-->` and `<!--->`.
    private mutating func comment(at start: Int, into token: inout Token) -> Bool {
        token.kind = .comment
        let dataStart = start + 4
        let end = bytes.count
        var search = dataStart
        while let close = find(UInt8(ascii: ">"), from: search, before: end) {
            var dataEnd: Int?
            if close == dataStart {
                dataEnd = dataStart // <!-->
            } else if close == dataStart + 1 && bytes[dataStart] == UInt8(ascii: "-") {
                dataEnd = dataStart // <!--->
            } else if close - 2 >= dataStart && bytes[close - 1] == UInt8(ascii: "-") && bytes[close - 2] == UInt8(ascii: "-") {
                dataEnd = close - 2
            } else if close - 3 >= dataStart && bytes[close - 1] == UInt8(ascii: "!")
                        && bytes[close - 2] == UInt8(ascii: "-") && bytes[close - 3] == UInt8(ascii: "-") {
                dataEnd = close - 3
            }
            if let dataEnd {
                token.range = start..<(close + 1)
                token.data = dataStart..<dataEnd
                position = close + 1
                return true
            }
            search = close + 1
        }
        // Cut off by the end: the text so far, less the dashes that were about to close it.
        var dataEnd = end
        if dataEnd - 3 >= dataStart && bytes[dataEnd - 1] == UInt8(ascii: "!") && bytes[dataEnd - 2] == UInt8(ascii: "-")
            && bytes[dataEnd - 3] == UInt8(ascii: "-") {
            dataEnd -= 3
        } else if dataEnd - 2 >= dataStart && bytes[dataEnd - 1] == UInt8(ascii: "-") && bytes[dataEnd - 2] == UInt8(ascii: "-") {
            dataEnd -= 2
        } else if dataEnd - 1 >= dataStart && bytes[dataEnd - 1] == UInt8(ascii: "-") {
            dataEnd -= 1
        }
        unfinished = (.comment, start)
        token.range = start..<end
        token.data = dataStart..<max(dataStart, dataEnd)
        position = end
        return true
    }

    /// `<?…>`, `<!…>`, `</1…>`: a comment up to the first `>`.
    private mutating func bogusComment(at start: Int, dataFrom dataStart: Int, into token: inout Token) -> Bool {
        token.kind = .comment
        guard let close = find(UInt8(ascii: ">"), from: dataStart, before: bytes.count) else {
            unfinished = (.comment, start)
            token.range = start..<bytes.count
            token.data = min(dataStart, bytes.count)..<bytes.count
            position = bytes.count
            return true
        }
        token.range = start..<(close + 1)
        token.data = dataStart..<close
        position = close + 1
        return true
    }

    /// A start or end tag at `start` (its `<`), read to its `>` through the attribute states;
    /// false when the end of the input comes first (a browser then drops the tag).
    private mutating func tag(at start: Int, into token: inout Token) -> Bool {
        let isEnd = bytes[start + 1] == UInt8(ascii: "/")
        token.kind = isEnd ? .endTag : .startTag
        guard let end = Self.readTag(bytes, at: start, into: &token) else {
            unfinished = (.tag, start)
            position = bytes.count
            return false
        }
        position = end
        return true
    }

    /// Reads the tag whose `<` is at `start` into `token` (name, attributes, self-closing
    /// flag, range) and returns the offset just past it, or nil when the input ends first.
    static func readTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, into token: inout Token) -> Int? {
        let end = bytes.count
        token.attributes.removeAll(keepingCapacity: true)
        token.selfClosing = false
        let nameStart = bytes[start + 1] == UInt8(ascii: "/") ? start + 2 : start + 1
        var index = nameStart + 1
        while index < end, !isTagNameEnd(bytes[index]) { index += 1 }
        token.data = nameStart..<index
        // The attribute states: each loop starts in "before attribute name".
        while true {
            while index < end, isHTMLSpace(bytes[index]) { index += 1 }
            guard index < end else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") { break }
            if byte == UInt8(ascii: "/") {
                index += 1
                guard index < end else { return nil }
                if bytes[index] == UInt8(ascii: ">") { token.selfClosing = true; break }
                continue
            }
            // An attribute name; its first byte may be `=`.
            let name = index
            index += 1
            while index < end {
                let byte = bytes[index]
                if isHTMLSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=") { break }
                index += 1
            }
            let nameEnd = index
            while index < end, isHTMLSpace(bytes[index]) { index += 1 }
            guard index < end else { return nil }
            guard bytes[index] == UInt8(ascii: "=") else {
                token.attributes.append(Attribute(name: name..<nameEnd, value: nameEnd..<nameEnd))
                continue
            }
            index += 1
            while index < end, isHTMLSpace(bytes[index]) { index += 1 }
            guard index < end else { return nil }
            let quote = bytes[index]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                guard let close = memchrIndex(bytes, quote, from: index + 1, before: end) else { return nil }
                token.attributes.append(Attribute(name: name..<nameEnd, value: (index + 1)..<close))
                index = close + 1
                // After a quoted value anything but space, `/` or `>` starts the next attribute.
            } else if quote == UInt8(ascii: ">") {
                token.attributes.append(Attribute(name: name..<nameEnd, value: index..<index))
                break
            } else {
                let value = index
                while index < end, !isHTMLSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                guard index < end else { return nil }
                token.attributes.append(Attribute(name: name..<nameEnd, value: value..<index))
            }
        }
        token.range = start..<(index + 1)
        return index + 1
    }

    // MARK: raw text

    /// The `<` of the end tag that ends RCDATA or raw text, or nil when none comes.
    private func rawTextEnd(from start: Int) -> Int? {
        var search = start
        while let lt = find(UInt8(ascii: "<"), from: search, before: bytes.count) {
            if isEndTag(at: lt, named: endTagName) { return lt }
            search = lt + 1
        }
        return nil
    }

    /// The `<` of the end tag that ends script data. `<!--` escapes the script: inside it
    /// `<script>` starts a double-escaped part where `</script>` ends only that part, and
    /// `-->` ends either.
    private func scriptDataEnd(from start: Int) -> Int? {
        enum Escape { case none, escaped, doubleEscaped }
        let script = Array("script".utf8)
        var escape = Escape.none
        var search = start
        while true {
            let lt = find(UInt8(ascii: "<"), from: search, before: bytes.count)
            if escape != .none, let close = dashDashGreater(from: search, before: lt ?? bytes.count) {
                escape = .none
                search = close + 1
                continue
            }
            guard let lt else { return nil }
            switch escape {
            case .none:
                if isEndTag(at: lt, named: endTagName) { return lt }
                if matches(Array("!--".utf8), at: lt + 1) {
                    escape = .escaped
                    // The `--` of `<!--` counts towards a `-->`: `<!-->` escapes nothing.
                    search = lt + 2
                    continue
                }
            case .escaped:
                if isEndTag(at: lt, named: endTagName) { return lt }
                if matchesIgnoringCase(script, at: lt + 1), lt + 7 < bytes.count, isTagTerminator(bytes[lt + 7]) {
                    escape = .doubleEscaped
                    search = lt + 8
                    continue
                }
            case .doubleEscaped:
                if isEndTag(at: lt, named: script) {
                    escape = .escaped
                    search = lt + 9
                    continue
                }
            }
            search = lt + 1
        }
    }

    /// The `>` of the first `-->` whose dashes both lie at or after `start`, before `limit`.
    private func dashDashGreater(from start: Int, before limit: Int) -> Int? {
        var search = start + 2
        while let close = find(UInt8(ascii: ">"), from: search, before: limit) {
            if bytes[close - 1] == UInt8(ascii: "-") && bytes[close - 2] == UInt8(ascii: "-") { return close }
            search = close + 1
        }
        return nil
    }

    /// `</name` followed by a space, `/` or `>`, in any case.
    private func isEndTag(at lt: Int, named name: [UInt8]) -> Bool {
        guard !name.isEmpty, lt + 2 + name.count < bytes.count, bytes[lt + 1] == UInt8(ascii: "/") else { return false }
        return matchesIgnoringCase(name, at: lt + 2) && isTagTerminator(bytes[lt + 2 + name.count])
    }

    @inline(__always)
    private func isTagTerminator(_ byte: UInt8) -> Bool {
        isHTMLSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }

    // MARK: bytes

    private func matches(_ word: [UInt8], at index: Int) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in word.indices where bytes[index + offset] != word[offset] { return false }
        return true
    }

    /// `word` is lowercase.
    private func matchesIgnoringCase(_ word: [UInt8], at index: Int) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in word.indices where asciiLower(bytes[index + offset]) != word[offset] { return false }
        return true
    }

    @inline(__always)
    private func find(_ byte: UInt8, from start: Int, before limit: Int) -> Int? {
        memchrIndex(bytes, byte, from: start, before: limit)
    }

    private func find(_ needle: [UInt8], from start: Int, before limit: Int) -> Int? {
        var search = start
        while let first = find(needle[0], from: search, before: limit) {
            if matches(needle, at: first) && first + needle.count <= limit { return first }
            search = first + 1
        }
        return nil
    }
}

@inline(__always) func isTagNameEnd(_ byte: UInt8) -> Bool {
    isHTMLSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
}

extension HTMLTokenizer.Content {
    /// The state a start tag of this (lowercase) name switches to in HTML content, where the
    /// tree builder does not decide otherwise.
    static func of(_ name: String) -> Self? {
        switch name {
        case "title", "textarea": .rcdata
        case "style", "xmp", "iframe", "noembed", "noframes", "noscript": .rawText
        case "script": .scriptData
        case "plaintext": .plaintext
        default: nil
        }
    }
}
