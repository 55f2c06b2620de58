/// Reads a page's structure as a browser does: `HTMLTokenizer` finds the tokens, the tree
/// builder (`TreeBuilder`, WHATWG tree construction) places them and tells the tokenizer
/// where raw text starts, and `HeadBodyTracker` finds where `<head>` and `<body>` begin
/// and end, all in one pass over the bytes.
///
/// Attribute values are not read here, except the few the tree builder itself looks at:
/// libxml2 parses the page next and supplies them (see `PageParser`).
struct PageScanner {
    struct Result {
        /// Elements without the attributes selectors read: those are added afterwards.
        var page: Page
        /// How far the bytes were read: to the end, unless the head was all the rules need.
        var readUpTo: Int
        /// The start tags that made elements, in source order.
        var startTags: [StartTag]
        /// Every attribute of those tags, in one list (`StartTag.attributes` indexes it).
        var attributes: [HTMLTokenizer.Attribute]
        /// Bytes libxml2 is not to read (they are turned into spaces for it): the attributes
        /// of a tag with more of them than libxml2 reads in reasonable time (it compares each
        /// new name with all earlier ones), from the end of the name to the `>`, and long runs
        /// of what a browser reads as text (comments, raw text), where libxml2's HTML 4
        /// reading could find such a tag.
        var hiddenFromLibXML: [Range<Int>]
        /// Copies of formatting elements, copy to source (see `TreeBuilder.cloneSources`).
        var cloneSources: [Int: Int]
        /// Repeated `<html>` and `<body>` tags whose attributes join the open element's.
        var attributeMerges: [(tag: Range<Int>, into: Int)]
        /// The text of each of `page.comments`, still to be decoded (its encoding may yet
        /// change: see `Page.lateEncoding`).
        var commentTexts: [Range<Int>]
    }

    struct StartTag {
        /// The tag's `<`.
        var start: Int
        /// Just past the tag's `>`.
        var end: Int
        var element: Int
        /// Its attributes in `Result.attributes`.
        var attributes: Range<Int>
        /// Hidden from libxml2 for its number of attributes.
        var isCrowded: Bool
    }

    /// More attributes than this on one tag are read here rather than by libxml2, whose time
    /// grows with their square: 1,000 take it about a millisecond, 80,000 take seconds.
    static let crowdedAttributeCount = 1_000
    /// Text a browser reads as text (a comment, a script) longer than this is hidden from
    /// libxml2: a tag it might find in there has at most a few thousand attributes.
    static let longestTextShownToLibXML = 16 * 1024

    private let bytes: UnsafeBufferPointer<UInt8>
    private let buildsTree: Bool
    private let stopsAfterHead: Bool
    private let decoding: ByteDecoding
    /// Whether a `<meta>` may still set the encoding (nothing declared one before).
    private var watchesMeta: Bool
    private var lateEncoding: PageEncoding.Declaration?
    private var commentTexts: [Range<Int>] = []

    private var tokenizer: HTMLTokenizer
    private var tree = TreeBuilder()
    private var tracker = HeadBodyTracker()
    private var comments: [Page.Comment] = []
    private var startTags: [StartTag] = []
    private var attributes: [HTMLTokenizer.Attribute] = []
    private var hiddenFromLibXML: [Range<Int>] = []

    /// - Parameters:
    ///   - buildsTree: build the element tree (selectors and annotations need it, and it
    ///     decides where raw text starts in the body).
    ///   - stopsAfterHead: stop once the head's end is known (the rules need nothing more).
    ///   - watchesMeta: the encoding is a guess, which a `<meta>` may still correct.
    init(bytes: UnsafeBufferPointer<UInt8>, buildsTree: Bool, stopsAfterHead: Bool, decoding: ByteDecoding, watchesMeta: Bool = false) {
        self.bytes = bytes
        self.buildsTree = buildsTree
        self.stopsAfterHead = stopsAfterHead
        self.decoding = decoding
        self.watchesMeta = watchesMeta
        tokenizer = HTMLTokenizer(bytes: bytes)
        // Pages have about one element per 60 to 100 bytes: growing the arrays from empty
        // copied them a dozen times per page.
        if buildsTree {
            tree.reserveCapacity(bytes.count / 128)
            startTags.reserveCapacity(bytes.count / 128)
            attributes.reserveCapacity(bytes.count / 128)
        }
    }

    mutating func run() -> Result {
        let source = bytes
        tree.attributeSignature = { tag in Self.signature(of: tag, in: source) }
        var token = HTMLTokenizer.Token()
        token.attributes.reserveCapacity(16)
        var stopped = false
        while true {
            guard tokenizer.next(&token) else { break }
            switch token.kind {
            case .startTag:
                startTag(token)
                // Only tags change the node content goes into, which decides what `<![CDATA[` is.
                if buildsTree { tokenizer.allowsCDATA = tree.isInForeignContent }
            case .endTag:
                endTag(token)
                if buildsTree { tokenizer.allowsCDATA = tree.isInForeignContent }
            case .text: text(token.data)
            case .rawText: rawText(token.data)
            case .comment: comment(token)
            case .doctype: if buildsTree { tree.doctype(Doctype(bytes, token.range, isCutOff: tokenizer.unfinished != nil)) }
            }
            if stopsAfterHead && tracker.hasResolvedHead {
                stopped = true
                break
            }
        }
        let end = stopped ? tokenizer.position : bytes.count
        tracker.finish(at: end)
        let (elements, order) = buildsTree ? tree.finish(at: bytes.count) : ([], [])
        var page = Page(elements: elements, treeOrder: order, comments: comments, anchors: tracker.anchors, isComplete: !stopped)
        if !stopped { page.inertRanges = openAtEnd() }
        page.lateEncoding = lateEncoding
        return Result(page: page, readUpTo: end, startTags: startTags, attributes: attributes, hiddenFromLibXML: hiddenFromLibXML,
                      cloneSources: tree.cloneSources, attributeMerges: tree.attributeMerges, commentTexts: commentTexts)
    }

    /// The last element whose text the tokenizer was switched to, and its start tag.
    private var textElement = (name: "", start: 0)

    /// What the end of the page cuts off, which a block added at the end would join: an
    /// unfinished token, an element's text, or (in a head read without a tree) template
    /// content. The tree shows the rest.
    private func openAtEnd() -> [Page.InertRange] {
        let end = bytes.count
        var ranges: [Page.InertRange] = []
        if !buildsTree, let template = tracker.openTemplate {
            ranges.append(.init(offsets: template.content...end, kind: .template, element: "template", elementStart: template.tag))
        }
        guard let (kind, start) = tokenizer.unfinished else { return ranges }
        let range: Page.InertRange
        switch kind {
        case .text:
            range = .init(offsets: start...end, kind: .text, element: textElement.name, elementStart: textElement.start)
        case .tag:
            let nameStart = bytes[start + 1] == UInt8(ascii: "/") ? start + 2 : start + 1
            var nameEnd = nameStart
            while nameEnd < end, !isTagNameEnd(bytes[nameEnd]) { nameEnd += 1 }
            range = .init(offsets: start...end, kind: .cutOff, element: Self.name(nameStart..<nameEnd, in: bytes), elementStart: start)
        case .comment:
            range = .init(offsets: start...end, kind: .cutOff, element: "!--", elementStart: start)
        case .doctype:
            range = .init(offsets: start...end, kind: .cutOff, element: "!doctype", elementStart: start)
        case .cdata:
            // `start` is where the section's text begins, after `<![CDATA[`.
            range = .init(offsets: (start - 9)...end, kind: .cutOff, element: "![CDATA[", elementStart: start - 9)
        }
        // Template content holding the rest holds this too.
        if ranges.isEmpty { ranges.append(range) }
        return ranges
    }

    // MARK: tokens

    private mutating func startTag(_ token: HTMLTokenizer.Token) {
        let known = TagInfo.known(token.data, in: bytes)
        let name = known?.name ?? Self.name(token.data, in: bytes)
        tracker.startTag(name, range: token.range)
        if buildsTree {
            let isCrowded = token.attributes.count > Self.crowdedAttributeCount
            if isCrowded {
                let nameEnd = token.data.upperBound
                hiddenFromLibXML.append(nameEnd..<max(nameEnd, token.range.upperBound - 1))
            }
            tree.startTag(.init(name: name, attributes: treeAttributes(of: token, name: name), range: token.range, selfClosing: token.selfClosing,
                                tag: known?.info))
            if let element = tree.lastTokenElement {
                let first = attributes.count
                attributes.append(contentsOf: token.attributes)
                startTags.append(StartTag(start: token.range.lowerBound, end: token.range.upperBound, element: element,
                                          attributes: first..<attributes.count, isCrowded: isCrowded))
            }
            if let (content, element) = tree.contentRequest {
                tree.contentRequest = nil
                switchTokenizer(to: content, element: element, tag: token.range.lowerBound)
            }
        } else if let content = HTMLTokenizer.Content.of(name), !tracker.hasResolvedHead {
            // Without a tree only the head is read, where these tags hold text in a browser.
            switchTokenizer(to: content, element: name, tag: token.range.lowerBound)
        }
        // A browser that found no encoding declared in the first 1024 bytes takes the first
        // `<meta>` element that declares one (and reads the page again).
        if watchesMeta && name == "meta" && (!buildsTree || tree.lastTokenElement.map { !tree.elements[$0].isForeign } == true) {
            let declared = AttributeDecoder.decode(token.attributes, in: bytes, keeping: ["charset", "http-equiv", "content"], decoding: .utf8)
            if let declaration = PageEncoding.declared(byMeta: declared) {
                lateEncoding = declaration
                watchesMeta = false
            }
        }
    }

    private mutating func switchTokenizer(to content: HTMLTokenizer.Content, element: String, tag: Int) {
        tokenizer.switchTo(content, endTagName: element.utf8)
        textElement = (element, tag)
    }

    private mutating func endTag(_ token: HTMLTokenizer.Token) {
        let name = Self.name(token.data, in: bytes)
        tracker.endTag(name, range: token.range)
        if buildsTree { tree.endTag(name: name, range: token.range) }
    }

    /// Text in the data state.
    private mutating func text(_ range: Range<Int>) {
        var start = range.lowerBound
        while start < range.upperBound, isHTMLSpace(bytes[start]) { start += 1 }
        let isWhitespace = start == range.upperBound
        if !isWhitespace { tracker.text(at: start) }
        guard buildsTree else { return }
        var other = start
        while other < range.upperBound, isHTMLSpace(bytes[other]) || bytes[other] == 0 { other += 1 }
        tree.text(at: isWhitespace ? range.lowerBound : start, isWhitespace: isWhitespace, onlyNUL: !isWhitespace && other == range.upperBound)
    }

    /// An element's raw text, or a CDATA section in SVG or MathML.
    private mutating func rawText(_ range: Range<Int>) {
        guard buildsTree else { return }
        if range.count > Self.longestTextShownToLibXML { hiddenFromLibXML.append(range) }
        var start = range.lowerBound
        while start < range.upperBound, isHTMLSpace(bytes[start]) { start += 1 }
        tree.text(at: start == range.upperBound ? range.lowerBound : start, isWhitespace: start == range.upperBound)
    }

    private mutating func comment(_ token: HTMLTokenizer.Token) {
        guard buildsTree else { return }
        if token.data.count > Self.longestTextShownToLibXML { hiddenFromLibXML.append(token.data) }
        comments.append(Page.Comment(range: token.range, text: ""))
        commentTexts.append(token.data)
    }

    /// The few attributes tree construction reads: `<input type=hidden>` keeps frameset-ok,
    /// `<font color|face|size>` leaves SVG and MathML, `<annotation-xml encoding>` holds HTML.
    private func treeAttributes(of token: HTMLTokenizer.Token, name: String) -> [Page.Attribute] {
        let wanted: [String]
        switch name {
        case "input": wanted = ["type"]
        case "font": wanted = ["color", "face", "size"]
        case "annotation-xml": wanted = ["encoding"]
        default: return []
        }
        return AttributeDecoder.decode(token.attributes, in: bytes, keeping: wanted, decoding: decoding)
    }

    // MARK: helpers

    /// A tag's name as a browser has it: ASCII letters in lowercase, NUL as U+FFFD.
    static func name(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        // A known tag's name is the one String the tag table keeps: no String is made, and
        // no UTF-8 checked, per tag.
        if let known = TagInfo.knownName(range, in: bytes) { return known }
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        // Most names are written in lowercase already: then no lowercased copy is made.
        if !slice.contains(where: { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0 }) { return String(decoding: slice, as: UTF8.self) }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(slice.count)
        for byte in slice {
            if byte == 0 { lowered += [0xEF, 0xBF, 0xBD] } else { lowered.append(asciiLower(byte)) }
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// The tag's attributes as one number, the same for the same attributes in any order:
    /// each (name, value) hashed, the hashes added. Only the first of repeated names counts.
    static func signature(of tag: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var token = HTMLTokenizer.Token()
        guard !tag.isEmpty, HTMLTokenizer.readTag(bytes, at: tag.lowerBound, into: &token) != nil else { return 0 }
        var sum: UInt64 = 0
        var seen: Set<[UInt8]> = []
        for attribute in token.attributes {
            let name = bytes[attribute.name].map(asciiLower)
            guard seen.insert(name).inserted else { continue }
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in name + [0xFF] + Array(bytes[attribute.value]) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            sum &+= hash
        }
        return sum
    }
}

/// Attribute values as a browser reads them, for the names some rule looks at.
enum AttributeDecoder {
    /// The attributes among `attributes` (of one tag) whose names are in `keeping`
    /// (lowercase; nil keeps all), the first of repeated names only, values decoded.
    static func decode(_ attributes: some Collection<HTMLTokenizer.Attribute>, in bytes: UnsafeBufferPointer<UInt8>,
                       keeping: [String]?, decoding: ByteDecoding) -> [Page.Attribute] {
        decode(attributes, in: bytes, keeping: KeptAttributeNames(keeping), decoding: decoding)
    }

    static func decode(_ attributes: some Collection<HTMLTokenizer.Attribute>, in bytes: UnsafeBufferPointer<UInt8>,
                       keeping: KeptAttributeNames, decoding: ByteDecoding) -> [Page.Attribute] {
        var result: [Page.Attribute] = []
        // Tens of thousands of attributes on one element must not cost their square; a few
        // are compared directly, without a set per tag.
        var seen: Set<String> = []
        for attribute in attributes {
            guard let name = keeping.name(attribute.name, in: bytes) else { continue }
            if result.count < 16 {
                guard !result.contains(where: { $0.name == name }) else { continue }
            } else {
                if seen.isEmpty { seen = Set(result.map(\.name)) }
                guard seen.insert(name).inserted else { continue }
            }
            result.append(Page.Attribute(name: name, value: CharacterReferences.decode(bytes, attribute.value, context: .attribute, decoding: decoding)))
        }
        return result
    }

    /// The attribute's name (lowercase) when it is one to keep (any, when `keeping` is nil). A
    /// kept name ending in `*` keeps every name that starts with the rest (`data-pixeltag*`).
    static func keptName(_ name: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, keeping: [String]?) -> String? {
        KeptAttributeNames(keeping).name(name, in: bytes)
    }
}

/// The attribute names some rule reads, as bytes to compare a tag's with: asked for every
/// attribute of every tag, so no String is made for a name that is not kept, and a kept one
/// is the same String each time.
struct KeptAttributeNames: Sendable {
    /// nil keeps every name.
    private let exact: [(bytes: [UInt8], name: String)]?
    /// Kept names ending in `*`, without it: every name starting so is kept.
    private let prefixes: [[UInt8]]
    /// Per lowercase first byte, a bit per length (1 to 63; 63 for longer) of the exact
    /// names starting with it, and bit 0 when a prefix does: most names (`href`, `aria-*`,
    /// `data-bs-*`…) are turned away by this one test.
    private let candidates: [UInt64]

    /// `keeping`: lowercase names, nil for all.
    init(_ keeping: [String]?) {
        guard let keeping else {
            exact = nil
            prefixes = []
            candidates = []
            return
        }
        let exact = keeping.filter { !$0.hasSuffix("*") }.map { (bytes: Array($0.utf8), name: $0) }
        let prefixes = keeping.filter { $0.hasSuffix("*") }.map { Array($0.utf8.dropLast()) }
        var candidates = [UInt64](repeating: 0, count: 256)
        for kept in exact where !kept.bytes.isEmpty { candidates[Int(kept.bytes[0])] |= 1 << UInt64(min(kept.bytes.count, 63)) }
        for prefix in prefixes {
            // An empty prefix keeps every name.
            if let first = prefix.first { candidates[Int(first)] |= 1 } else { candidates = [UInt64](repeating: 1, count: 256) }
        }
        self.exact = exact
        self.prefixes = prefixes
        self.candidates = candidates
    }

    var keepsNone: Bool { exact?.isEmpty == true && prefixes.isEmpty }

    func name(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let exact else { return PageScanner.name(range, in: bytes) }
        let count = range.count
        guard count > 0 else { return nil }
        let mask = candidates[Int(asciiLower(bytes[range.lowerBound]))]
        guard mask & (1 | 1 << UInt64(min(count, 63))) != 0 else { return nil }
        for kept in exact where kept.bytes.count == count && Self.equalsLowercase(bytes, range.lowerBound, kept.bytes) {
            return kept.name
        }
        for prefix in prefixes where count >= prefix.count && Self.equalsLowercase(bytes, range.lowerBound, prefix) {
            return PageScanner.name(range, in: bytes)
        }
        return nil
    }

    /// Whether `bytes` from `start` spell `lowercase` in any ASCII case.
    @inline(__always)
    private static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ lowercase: [UInt8]) -> Bool {
        for offset in 0..<lowercase.count where asciiLower(bytes[start + offset]) != lowercase[offset] { return false }
        return true
    }
}
